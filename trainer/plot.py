"""PNG curves for a run directory, from metrics.jsonl alone (so any copied run can be plotted
without TensorBoard)."""

from __future__ import annotations

from pathlib import Path

from trainer.metrics import read_metrics

PANELS: list[tuple[str, list[str]]] = [
    ("reward", ["reward_mean", "eval_reward"]),
    ("loss", ["loss"]),
    ("kl", ["kl"]),
    ("entropy", ["entropy"]),
    ("response_length", ["response_len_mean"]),
    ("clipping", ["clip_frac_low", "clip_frac_high"]),
    ("filtering", ["filtered_group_frac", "reward_none_frac"]),
    ("time_split", ["time_generate_s", "time_score_s", "time_train_s"]),
]


def plot_run(run_dir: str | Path, out: str | Path | None = None) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    run = Path(run_dir)
    if not (run / "metrics.jsonl").is_file():
        raise FileNotFoundError(f"{run / 'metrics.jsonl'}: no metrics to plot")
    rows = read_metrics(run)
    if not rows:
        raise ValueError(f"{run / 'metrics.jsonl'}: empty")
    dest = Path(out) if out else run / "plots"
    dest.mkdir(parents=True, exist_ok=True)
    domain_keys = sorted({k for r in rows for k in r if k.startswith("reward/")})
    panels = PANELS + ([("reward_by_domain", domain_keys)] if domain_keys else [])
    written = []
    for name, keys in panels:
        fig, ax = plt.subplots(figsize=(6, 3.5))
        drawn = False
        for key in keys:
            pts = [(r["step"], r[key]) for r in rows if isinstance(r.get(key), (int, float))]
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker=".", label=key)
                drawn = True
        if drawn:
            ax.set_xlabel("step")
            ax.set_title(name)
            ax.legend(fontsize=8)
            ax.grid(alpha=0.3)
            fig.tight_layout()
            path = dest / f"{name}.png"
            fig.savefig(path, dpi=90)
            written.append(path)
        plt.close(fig)
    return written
