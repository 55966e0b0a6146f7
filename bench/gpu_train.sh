#!/usr/bin/env bash
# The prepared GPU check, for a machine with a CUDA torch and NO network (no PyPI either).
#
# Prepare here (with network), once:   .venv/bin/python bench/gpu_wheels.py --dest .whl
#   -> the ~17 MiB of wheels/sdists the GPU image lacks (trl, fastapi, math-verify,
#      reasoning-gym, pydantic, ...); `.whl` is git-ignored and travels via the run tool's carry.
# Run there, from the repo root:       OUT=/some/dir bash bench/gpu_train.sh
#
# In <= 6 minutes: (a) reward service + SFT warm start + GRPO on the demo task, held-out reward
# and pass@k of the SFT start vs the RL result (bench/gpu_rl_check.py); (b) one GRPO step, ours
# vs TRL's GRPOTrainer, 22.6M-param random Qwen2, 64 prompts x 8 rollouts x 256 tokens
# (bench/gpu_step_compare.py), `ratio=<TRL step s / our step s>`. Figures land in $OUT
# (at most 8 files: the run tool brings back no more).
set -uo pipefail
OUT=${OUT:-runs/gpu-bench}
WHEELS=${WHEELS:-.whl}
PY=${PYTHON:-python3}
# sizes: the GPU card by default; a CPU rehearsal of the whole script shrinks them, e.g.
#   PYTHON=.venv/bin/python WHEELS=none RL_ARGS="--rl-seconds 15 --max-steps 2 --n 4 --limit 8" \
#   CMP_ARGS="--device cpu --preset tiny-test --prompts 4 --rollouts 2 --length 16" bash bench/gpu_train.sh
RL_ARGS=${RL_ARGS:---rl-seconds 90 --n 16 --rollout.gen_batch_prompts=16}
CMP_ARGS=${CMP_ARGS:---steps 2 --warmup 1}
mkdir -p "$OUT"
T0=$(date +%s)
log() { echo "[gpu_train +$(($(date +%s) - T0))s] $*"; }

# -- 1. what the machine has ---------------------------------------------------------------
"$PY" - <<'EOF' 2>&1 | tee "$OUT/env.txt"
import platform, sys
import torch
print("python", sys.version.split()[0], platform.machine())
print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())
if torch.cuda.is_available():
    p = torch.cuda.get_device_properties(0)
    print("gpu", p.name, f"{p.total_memory / 2**30:.0f} GiB", p.multi_processor_count, "SMs")
for name in ("transformers", "accelerate", "trl", "fastapi", "math_verify", "reasoning_gym"):
    try:
        mod = __import__(name)
        print(name, getattr(mod, "__version__", "?"))
    except ImportError:
        print(name, "MISSING")
EOF

# -- 2. bring what it lacks (never torch: the machine's CUDA build stays) --------------------
if compgen -G "$WHEELS/*.whl" >/dev/null; then
    log "installing $(ls "$WHEELS"/*.whl | wc -l) wheels from $WHEELS (no index, no deps)"
    "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir "$WHEELS"/*.whl \
        || { log "wheel install failed"; exit 2; }
    for sdist in "$WHEELS"/*.tar.gz; do
        [ -e "$sdist" ] || continue
        "$PY" -m pip install -q --no-index --no-deps --no-build-isolation "$sdist" \
            || log "warning: could not build $sdist (only some reasoning-gym tasks need it)"
    done
else
    log "no wheels in $WHEELS: assuming the packages are already installed"
fi
"$PY" -m pip install -q --no-index --no-deps --no-build-isolation -e . >/dev/null 2>&1 \
    || log "editable install unavailable; running from the source tree"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
"$PY" -c "import trainer.fastgen, trainer.evaluate, reward_server.app, trl, math_verify" \
    || { log "imports failed after install"; exit 2; }
log "environment ready"

# -- 3a. RL raises held-out reward and pass@k above the SFT start -------------------------
WORK=$(mktemp -d /tmp/gpu-train.XXXX)
log "part (a): demo SFT + GRPO + pass@k"
# shellcheck disable=SC2086
timeout 170 "$PY" bench/gpu_rl_check.py --out "$WORK/rl" $RL_ARGS 2>&1 | grep -v Warning | tee "$OUT/rl_check.log"
cp "$WORK/rl/rl_check.json" "$OUT/" 2>/dev/null || log "part (a) wrote no rl_check.json"
cp "$WORK/rl/eval-rl/passk.md" "$OUT/passk_rl.md" 2>/dev/null || true
cp "$WORK/rl/eval-sft/passk.md" "$OUT/passk_sft.md" 2>/dev/null || true

# -- 3b. our GRPO step vs TRL GRPOTrainer, same model / batch / length ---------------------
log "part (b): step time, ours vs TRL (64 prompts x 8 rollouts x 256 tokens)"
# shellcheck disable=SC2086
timeout 150 "$PY" bench/gpu_step_compare.py $CMP_ARGS --out "$OUT" 2>&1 \
    | grep -v -i "warn" | tee "$OUT/step_compare.log"
log "done; figures in $OUT"
