"""Fetch, *here*, the wheels that bench/gpu_train.sh needs on a GPU machine with no network.

Why computed and not a hand list: the GPU image already holds torch, transformers, accelerate,
numpy, pyarrow, httpx, ... (DEVICE_HAS, from the device's package list); what it lacks is the
closure of this project's and TRL's requirements minus those. Each missing package is fetched at
the version installed in this virtualenv (the versions the test suite ran with), with --no-deps,
as CPython 3.12 manylinux x86-64 wheels, into `.whl/` (ignored by git, carried by the run tool;
the whole set must stay under its 64 MiB limit).

    .venv/bin/python bench/gpu_wheels.py [--dest .whl] [--dry-run]
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement

DEVICE_HAS = """absl-py accelerate aiofiles aiohappyeyeballs aiohttp aiosignal annotated-doc anyio attrs
botorch build certifi charset-normalizer chex click cloudpickle cmake colorama contourpy coverage
cuda-bindings cuda-core cuda-pathfinder cuda-toolkit cupy-cuda13x cycler cython diffrax e3nn einops
equinox etils execnet filelock flatbuffers flax fonttools formulaic frozenlist fsspec gpytorch grpcio
h11 h5py hf-xet httpcore httpx huggingface-hub humanize hypothesis idna imageio iniconfig
interface-meta jax jaxlib jaxtyping jinja2 joblib kiwisolver lazy-loader lightning
lightning-utilities linear-operator lineax llvmlite lxml markdown markdown-it-py markupsafe
matplotlib mdurl meson ml-dtypes mpi4py mpmath msgpack multidict multipledispatch mypy-extensions
nanobind narwhals networkx ninja numba numba-cuda numpy numpyro nvidia-ml-py onnx onnx-ir
onnxruntime onnxscript opencv-python-headless optax opt-einsum orbax-checkpoint packaging pandas
pathspec patsy peft pillow pip pluggy portalocker prometheus-client propcache protobuf psutil
pyarrow pybind11 py-cpuinfo pygments pyparsing pyproject-hooks pyre-extensions pytest
pytest-benchmark pytest-cov pytest-mock pytest-timeout pytest-xdist python-dateutil
pytorch-lightning pyyaml regex requests rich sacrebleu safetensors scikit-build-core scikit-image
scikit-learn scipy seaborn sentencepiece sentence-transformers setuptools shellingham simplejson
six sortedcontainers statsmodels sympy tabulate tensorboard tensorboard-data-server tensorstore
threadpoolctl tifffile tiktoken timm tokenizers toolz torch torchaudio torchdiffeq torch-geometric
torchmetrics torchvision tqdm transformers treescope triton typer typing-extensions typing-inspect
urllib3 uvloop wadler-lindig werkzeug wheel wrapt xarray xxhash yarl zipp""".split()

ROOTS = [("prorl-stack", {"train"}), ("trl", set())]
PLATFORMS = ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"]
MARKER_ENV = {
    "python_version": "3.12",
    "python_full_version": "3.12.3",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "os_name": "posix",
}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def missing() -> dict[str, str]:
    """name -> version installed here, for every requirement the GPU image lacks."""
    have = {norm(n) for n in DEVICE_HAS}
    found: dict[str, str] = {}
    todo = list(ROOTS)
    while todo:
        name, extras = todo.pop()
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        for line in dist.requires or []:
            req = Requirement(line)
            envs = [{**MARKER_ENV, "extra": e} for e in (extras or {""})]
            if req.marker and not any(req.marker.evaluate(env) for env in envs):
                continue
            key = norm(req.name)
            if key in have or key in found or key == "prorl-stack":
                continue
            try:
                found[key] = md.version(req.name)
            except md.PackageNotFoundError:
                continue  # an optional extra nobody installed here
            todo.append((req.name, set(req.extras)))
    if name_ok("trl"):
        found["trl"] = md.version("trl")
    return found


def name_ok(name: str) -> bool:
    try:
        md.version(name)
    except md.PackageNotFoundError:
        return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dest", default=".whl")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    pins = [f"{n}=={v}" for n, v in sorted(missing().items())]
    print("\n".join(pins))
    if args.dry_run:
        return 0
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    cmd += ["--python-version", "3.12", "--implementation", "cp", "-d", args.dest]
    for p in PLATFORMS:
        cmd += ["--platform", p]
    rc = 0
    for pin in pins:  # one at a time: a package without a binary wheel must not stop the rest
        if subprocess.call([*cmd, "-q", pin]) != 0:
            # sdist-only packages (cellpylib, ...) are pure Python: build the wheel here
            build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", args.dest]
            rc |= subprocess.call([*build, pin])
            name = pin.split("==")[0].replace("-", "_")
            for wheel in Path(args.dest).glob(f"{name}-*.whl"):
                if not wheel.name.endswith("-none-any.whl"):
                    # a C extension built for this Python: carry the sdist, built there instead
                    wheel.unlink()
                    sdist = [sys.executable, "-m", "pip", "download", "--no-deps", "-q"]
                    rc |= subprocess.call([*sdist, "--no-binary=:all:", "-d", args.dest, pin])
    files = [f for f in Path(args.dest).iterdir() if f.suffix in (".whl", ".gz")]
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} wheels/sdists, {size / 2**20:.1f} MiB in {args.dest}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
