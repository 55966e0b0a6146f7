"""Word lists for the instruction-following generator: what is asked, about what, for whom.

Every string here is comma-free and free of the markers checkers count (`*`, `[`, `<<`, `-` at
line start, section words, "P.S."), because generated text ends up inside reference responses
that must satisfy `punctuation:no_comma` and the counting instructions by construction.
Request templates are FORMS x FRAMES (a few hundred) x TOPICS x AUDIENCES x PURPOSES, so ten
thousand prompts rarely share more than their constraint sentences.
"""

from __future__ import annotations


def _items(block: str) -> tuple[str, ...]:
    """Items separated by `|` (newlines are just wrapping); an empty item is kept on purpose
    where it appears as `||` (PURPOSES: most requests carry no extra purpose sentence)."""
    return tuple(" ".join(part.split()) for part in block.strip().split("|"))


FORMS = _items(
    """
    a short essay | a blog post | a product description | an email to a colleague | a speech | a
    short story | a newsletter article | a cover letter | a travel guide entry | a lesson plan
    summary | a press release | a personal letter | a review | an opinion piece | a field report | a
    museum placard text | a diary entry | a pitch for investors | a welcome message | a recipe
    introduction | a how-to guide | a podcast script intro | a radio advertisement | a debate
    opening statement | a book club discussion guide | a job posting | a thank-you note | a
    community notice | a project proposal | a status update | a scholarship essay | a biography
    sketch | a tour script | a FAQ answer | an encyclopedia style overview | a motivational talk | a
    letter to the editor | a workshop description | a grant summary | a classroom handout | a
    brochure text | a persuasive memo | a campaign slogan explainer | a reflection piece | a short
    explainer
    """
)

FRAMES = _items(
    """
    Write {form} about {topic} for {audience}. | Please draft {form} on {topic} aimed at {audience}.
    | I need {form} that explains {topic} to {audience}. | Can you put together {form} about
    {topic}? It is meant for {audience}. | Compose {form} discussing {topic}. The readers are
    {audience}. | My team needs {form} covering {topic} written with {audience} in mind. | Help me
    write {form} about {topic} that {audience} would enjoy. | Create {form} exploring {topic} for an
    audience of {audience}. | Produce {form} that introduces {topic} to {audience}. | Put together
    {form} where you describe {topic} for {audience}.
    """
)

YES_NO_FRAMES = _items(
    """
    Is {topic} worth the attention of {audience}? | Would you recommend {topic} to {audience}? |
    Should {audience} care about {topic}? | Can {topic} make a real difference for {audience}? | Is
    it a good idea for {audience} to learn about {topic}? | Do you think {topic} is overrated among
    {audience}?
    """
)

PURPOSES = _items(
    """
     |  |  | The goal is to spark curiosity. | Keep the tone friendly. | It should feel practical
    rather than academic. | Aim for a warm and hopeful voice. | Make it easy to read aloud. | Focus
    on what is surprising. | Keep it grounded in everyday life. | The piece will be shared at a
    local event. | It will be printed in a small magazine. | Please avoid jargon. | It should sound
    confident but humble. | Write it in a calm voice. | The tone can be playful. | Give it a clear
    structure. | Assume the readers are busy. | It is for a weekend edition. | Make the opening
    memorable.
    """
)

TOPICS = _items(
    """
    urban beekeeping | the history of the bicycle | rainwater harvesting | learning a second
    language | community gardens | the night sky | public libraries | composting at home | renewable
    energy | the life of octopuses | tea ceremonies | street food culture | volunteering abroad |
    the science of sleep | board games | ancient trade routes | coral reefs | home baking | remote
    work | the invention of the printing press | birdwatching | minimalist living | electric cars |
    jazz improvisation | mountain hiking | local farmers markets | digital privacy | the water cycle
    | origami | city parks | public transport | family recipes | the first moon landing | honey
    production | wildlife photography | recycling plastics | chess strategy | folk music | rock
    climbing | urban sketching | the migration of whales | solar panels | knitting | old lighthouses
    | coffee farming | the human heart | ocean tides | desert ecosystems | volcanoes | video game
    design | sourdough bread | the Roman aqueducts | meditation | kite flying | bamboo forests | the
    Silk Road | marathon training | pottery | fermented foods | the northern lights | tiny houses |
    river cleanups | astronomy clubs | open source software | wind turbines | seed libraries |
    handwritten letters | train travel | the Great Barrier Reef | penguin colonies | the art of
    storytelling | budget travel | indoor plants | the honeybee dance | glacier retreat | paper
    making | the printing of maps | vintage radios | ice skating | mushroom foraging | puppet
    theater | the Olympic Games | lunar eclipses | wool spinning | recycled fashion | school gardens
    | public murals | night markets | snow leopards | antique clocks | beach cleanups | rice
    cultivation | sign language | podcasting | the metric system | sea turtles | woodworking | tidal
    energy | urban cycling lanes | amateur radio | cave exploration | saving money | learning to
    swim | the history of chocolate | cloud formations | lighthouse keepers | bookbinding |
    butterfly gardens | sustainable fishing | the invention of the telephone | quilting | desert
    camels | cooking with children | monarch butterflies | the tea trade | space telescopes |
    language learning apps | neighborhood festivals | zero waste shopping | herbal gardens | the
    history of jeans | earthquake preparedness | wetland conservation | the piano | calligraphy |
    robot vacuum cleaners | bird migration | walking meetings | the invention of paper | handmade
    soap | city rooftops
    """
)

AUDIENCES = _items(
    """
    high school students | retired teachers | busy parents | new employees | young children | small
    business owners | college freshmen | museum visitors | first-time travelers | hobby gardeners |
    software engineers | nurses on night shifts | local council members | exchange students |
    grandparents | amateur photographers | marathon runners | book lovers | city planners | farmers
    | science teachers | art students | job seekers | new neighbors | volunteers | startup founders
    | library patrons | bus drivers | chefs | musicians | park rangers | curious teenagers | pet
    owners | online shoppers | history buffs | sports fans | night owls | early risers | remote
    workers | first-year teachers | wildlife lovers | future engineers | people who hate mornings |
    a local radio audience | members of a hiking club | a group of tourists | a neighborhood
    association
    """
)

# Sentence templates for reference responses; {t} is the topic (singular or plural, so no
# template makes it the subject of a verb).
SENTENCES = _items(
    """
    The topic of {t} touches more parts of daily life than most people expect. | Many people first
    meet {t} by accident and then stay curious for years. | The best way to understand {t} is to
    look at it up close. | There is a long story behind {t} and it is still being written. | Small
    choices around {t} can add up to a real change over time. | Experts often say that {t} can
    reward patience more than talent. | It helps to start with the basics before going deeper into
    {t}. | A good first step is simply to ask questions about {t}. | Interest in {t} brings people
    together in surprising ways. | Some of the most useful lessons about {t} come from simple
    mistakes. | Anyone can learn about {t} with a little time and attention. | The details of {t}
    reveal how much care goes into the work. | Talking with others about {t} often sparks new ideas.
    | The world of {t} has changed a great deal over the last few decades. | It is easy to overlook
    {t} until you see the effects firsthand. | Local groups often know the most practical facts
    about {t}. | Curiosity is the only real requirement for exploring {t}. | Learning about {t} can
    be both relaxing and rewarding. | The future of {t} depends on the people who care about it
    today. | Stories about {t} tend to stay with listeners long after they end. | Even a short visit
    to the world of {t} can be eye opening. | Exploring {t} offers a fresh way to look at familiar
    problems. | People who enjoy {t} often describe it as a quiet source of joy. | A few simple
    habits make {t} much easier to enjoy. | There are many myths about {t} that deserve a closer
    look. | Sharing what you know about {t} helps the whole community. | The first results of trying
    {t} are often encouraging. | The subject of {t} is one where questions matter more than quick
    answers. | Good guides make {t} feel welcoming instead of intimidating. | Respect for the past
    shapes how we practice {t} today. | It pays to be honest about what {t} can and cannot do. |
    Time spent on {t} rarely feels wasted in hindsight. | With steady effort {t} can become a
    natural part of the week. | The simplest explanation of {t} is often the most useful one. |
    Children and adults alike can find something to love in {t}. | Careful planning turns {t} from a
    wish into a routine. | Paying attention to {t} invites us to slow down and notice small things.
    | Plenty of free resources make {t} accessible to almost everyone. | What matters most in {t} is
    a willingness to keep learning. | Looking back you can see how {t} shaped many familiar
    traditions.
    """
)

KEYWORDS = _items(
    """
    lantern | harbor | compass | meadow | orchard | violin | blanket | ladder | pebble | window |
    notebook | kettle | bridge | garden | canvas | candle | anchor | thunder | feather | mirror |
    journey | puzzle | whistle | balcony | market | recipe | ribbon | compassion | balance | harvest
    | horizon | rhythm | courage | patience | sunrise | village | river | forest | season | teamwork
    | library | festival | mountain | island
    """
)

# {k} is a keyword the response must contain.
KEYWORD_SENTENCES = _items(
    """
    Think of the {k} as a small example of the same idea. | The word {k} comes to mind whenever this
    subject appears. | The humble {k} can explain more than a long lecture. | Picture the {k} and
    the picture becomes clearer. | Some people even keep the image of the {k} nearby as a reminder.
    | The image of the {k} fits this topic surprisingly well.
    """
)

FORBIDDEN_POOL = _items(
    """
    amazing | basically | literally | very | really | awesome | totally | honestly | obviously |
    definitely | clearly | simply | perhaps | money | problem | future | people | history |
    important | easy | learn | community | time | friend | world | science | nature | city | family
    | work | health | love | hope | dream | quick | cheap | expensive | fun | boring | strange |
    ancient | modern | cool | nice
    """
)

CAPS_WORDS = _items(
    """
    TRULY | REALLY | ALWAYS | NEVER | VERY | DEEPLY | OFTEN | NOW | STILL
    """
)

OPENERS = _items(
    """
    overall | today | first | finally | remember | imagine | consider | honestly | ultimately |
    meanwhile | together | sometimes | next | still | luckily | naturally
    """
)

PLACEHOLDER_NAMES = _items(
    """
    name | date | address | city | phone number | email | company | title | time | location |
    website | signature | price | product | event
    """
)

TITLE_WORDS = _items(
    """
    Notes on | A Guide to | Thoughts about | The Quiet Power of | Rediscovering | Why We Love |
    Inside | A Fresh Look at | Understanding | Celebrating
    """
)

END_PHRASES = _items(
    """
    Any other questions? | Is there anything else I can help with? | Let me know if you have
    additional questions. | Thank you for reading. | That is all for now. | Hope this helps. | Peace
    out. | See you next time.
    """
)

POSTSCRIPTS = _items(
    """
    Feel free to share this with a friend. | I will send more details soon. | Thanks for taking the
    time to read this. | More ideas are always welcome. | Reply anytime with your thoughts.
    """
)

BULLET_STEMS = _items(
    """
    Start small and build a habit | Ask an expert for advice | Keep a simple record | Share the
    results with others | Try one new idea each week | Set a clear goal | Celebrate small wins |
    Learn from every mistake | Find a partner to join you | Read one good book on the subject |
    Visit a local group | Take notes as you go | Plan a little ahead | Stay curious | Review your
    progress monthly | Keep costs low
    """
)
