"""Prose for `language:response_language` references: comma-free sentence templates in a few
languages langdetect separates reliably, written for this project. Only the first template
mentions the (English) topic; the rest stay generic so the detected language is unambiguous."""

from __future__ import annotations

LANGUAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "fr": (
        "French",
        (
            "Voici quelques réflexions sur {t}.",
            "Beaucoup de gens découvrent ce sujet par hasard et restent curieux pendant des années.",
            "La meilleure façon de comprendre ce domaine est de l'observer de près.",
            "Il vaut mieux commencer par les bases avant d'aller plus loin.",
            "Les petites habitudes finissent souvent par faire une grande différence.",
            "Parler avec d'autres personnes donne souvent de nouvelles idées.",
            "Chacun peut apprendre avec un peu de temps et de patience.",
            "Les groupes locaux connaissent souvent les conseils les plus pratiques.",
            "L'avenir de ce domaine dépend des personnes qui s'y intéressent aujourd'hui.",
            "Il existe beaucoup d'idées reçues qui méritent d'être examinées.",
            "Les premiers résultats sont souvent encourageants.",
            "Un bon guide rend ce monde accueillant plutôt qu'intimidant.",
        ),
    ),
    "es": (
        "Spanish",
        (
            "Estas son algunas ideas sobre {t}.",
            "Mucha gente descubre este tema por casualidad y sigue con curiosidad durante años.",
            "La mejor manera de entenderlo es observarlo de cerca.",
            "Conviene empezar por lo básico antes de profundizar.",
            "Los pequeños hábitos suelen marcar una gran diferencia con el tiempo.",
            "Hablar con otras personas a menudo despierta nuevas ideas.",
            "Cualquiera puede aprender con un poco de tiempo y paciencia.",
            "Los grupos locales suelen conocer los consejos más prácticos.",
            "El futuro de este campo depende de las personas que se interesan hoy.",
            "Existen muchos mitos que merecen una mirada más atenta.",
            "Los primeros resultados suelen ser alentadores.",
            "Una buena guía hace que este mundo resulte acogedor y no intimidante.",
        ),
    ),
    "de": (
        "German",
        (
            "Hier sind einige Gedanken zu {t}.",
            "Viele Menschen entdecken dieses Thema zufällig und bleiben jahrelang neugierig.",
            "Am besten versteht man es aus der Nähe.",
            "Es lohnt sich zuerst mit den Grundlagen zu beginnen.",
            "Kleine Gewohnheiten machen mit der Zeit oft einen großen Unterschied.",
            "Gespräche mit anderen Menschen bringen oft neue Ideen.",
            "Jeder kann mit etwas Zeit und Geduld dazulernen.",
            "Lokale Gruppen kennen oft die praktischsten Tipps.",
            "Die Zukunft dieses Bereichs hängt von engagierten Menschen ab.",
            "Viele verbreitete Mythen verdienen einen genaueren Blick.",
            "Die ersten Ergebnisse sind oft ermutigend.",
            "Eine gute Anleitung macht diese Welt einladend statt einschüchternd.",
        ),
    ),
    "it": (
        "Italian",
        (
            "Ecco alcune riflessioni su {t}.",
            "Molte persone scoprono questo tema per caso e restano curiose per anni.",
            "Il modo migliore per capirlo è osservarlo da vicino.",
            "Conviene partire dalle basi prima di approfondire.",
            "Le piccole abitudini fanno spesso una grande differenza nel tempo.",
            "Parlare con altre persone porta spesso nuove idee.",
            "Chiunque può imparare con un po' di tempo e di pazienza.",
            "I gruppi locali conoscono spesso i consigli più pratici.",
            "Il futuro di questo campo dipende dalle persone che se ne occupano oggi.",
            "Esistono molti miti che meritano uno sguardo più attento.",
            "I primi risultati sono spesso incoraggianti.",
            "Una buona guida rende questo mondo accogliente e non intimidatorio.",
        ),
    ),
    "pt": (
        "Portuguese",
        (
            "Aqui estão algumas reflexões sobre {t}.",
            "Muitas pessoas descobrem este tema por acaso e continuam curiosas durante anos.",
            "A melhor maneira de entender o assunto é observá-lo de perto.",
            "Vale a pena começar pelo básico antes de aprofundar.",
            "Pequenos hábitos costumam fazer uma grande diferença com o tempo.",
            "Conversar com outras pessoas muitas vezes traz novas ideias.",
            "Qualquer pessoa pode aprender com um pouco de tempo e paciência.",
            "Os grupos locais costumam conhecer as dicas mais práticas.",
            "O futuro desta área depende das pessoas que se interessam por ela hoje.",
            "Existem muitos mitos que merecem um olhar mais atento.",
            "Os primeiros resultados costumam ser encorajadores.",
            "Um bom guia torna este mundo acolhedor em vez de intimidante.",
        ),
    ),
}

COMPATIBLE = frozenset(
    {
        "punctuation:no_comma",
        "detectable_format:title",
        "detectable_format:number_highlighted_sections",
        "length_constraints:number_paragraphs",
        "detectable_format:multiple_sections",
        "combination:two_responses",
        "detectable_format:json_format",
        "startend:quotation",
        "length_constraints:number_words",
        "length_constraints:number_sentences",
        "keywords:letter_frequency",
        "change_case:capital_word_frequency",
    }
)
"""Instructions whose reference text this module can supply in the target language; the others
insert English sentences, phrases or case rules that would change the detected language."""
