"""`prorl train|sft|plot` through the real click entry point: user mistakes are one clear line
naming file, line and key (no traceback); sft writes a reloadable HF checkpoint."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from transformers import AutoModelForCausalLM

from prorl.cli import main
from trainer.tiny import TOKENIZER_FILE, ByteTokenizer, load_codec

REPO = Path(__file__).resolve().parents[2]


def test_train_rejects_unknown_key_with_file_and_line(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("model:\n  name: tiny-test\nrollout:\n  n: 4\n  temprature: 1.0\n")
    res = CliRunner().invoke(main, ["train", str(cfg), "--out", str(tmp_path / "run")])
    assert res.exit_code == 1
    assert f"{cfg}:5: rollout.temprature: unknown key" in res.output
    assert "Traceback" not in res.output


def test_train_rejects_bad_override_and_missing_corpus(tmp_path: Path) -> None:
    demo = str(REPO / "configs" / "demo-tiny.yaml")
    res = CliRunner().invoke(main, ["train", demo, "--out", str(tmp_path), "--rollout.n=-1"])
    assert res.exit_code == 1 and "rollout.n" in res.output
    res = CliRunner().invoke(
        main, ["train", demo, "--out", str(tmp_path), f"--data.corpus={tmp_path / 'nope'}"]
    )
    assert res.exit_code == 1 and "nope" in res.output and "Traceback" not in res.output


def test_sft_writes_reloadable_checkpoint(tmp_path: Path, parity_corpus: Path) -> None:
    out = tmp_path / "sft"
    args = ["sft", str(REPO / "configs" / "demo-tiny.yaml"), "--out", str(out)]
    args += [f"--data.corpus={parity_corpus}", "--sft.steps=3", "--sft.batch_size=4"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    model = AutoModelForCausalLM.from_pretrained(out)
    assert model.config.vocab_size == ByteTokenizer.vocab_size
    assert (out / TOKENIZER_FILE).is_file() and isinstance(load_codec(str(out)), ByteTokenizer)
    res = CliRunner().invoke(main, [*args, "--sft.stepz=3"])
    assert res.exit_code == 1 and "sft.stepz" in res.output


def test_plot_missing_run_is_a_clear_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["plot", str(tmp_path)])
    assert res.exit_code == 1 and "metrics.jsonl" in res.output


def test_byte_tokenizer_round_trip_and_chat_format() -> None:
    tok = ByteTokenizer()
    text = "héllo \\boxed{3}"
    assert tok.decode(tok.encode(text)) == text
    ids = tok.prompt_ids("2+2=?")
    assert ids[-1] != tok.eos_id and tok.decode(ids).endswith("assistant\n")
    assert tok.decode([*tok.encode("a"), tok.eos_id, tok.pad_id]) == "a"


def test_sft_model_learned_the_reference_format(sft_model: Path, parity_corpus: Path) -> None:
    """40 SFT steps on meta.reference: greedy answers are boxed and stop with EOS, which is
    what gives RL non-zero rewards to start from."""
    from trainer.config import RolloutConfig
    from trainer.data import open_corpus
    from trainer.rollout import HFEngine

    codec = load_codec(str(sft_model))
    model = AutoModelForCausalLM.from_pretrained(sft_model)
    engine = HFEngine(model, codec.pad_id, codec.eos_id, RolloutConfig(max_response_tokens=12))
    recs = open_corpus(str(parity_corpus)).train[:8]
    rolls = engine.generate([codec.prompt_ids(r.prompt) for r in recs], 1, greedy=True)
    texts = [codec.decode(r.response_ids) for r in rolls]
    assert all(t.startswith("\\boxed{") for t in texts), texts
    assert sum(not r.truncated for r in rolls) >= 6, texts
