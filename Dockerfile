# The reward service: `prorl serve` with its worker pool and the bubblewrap code sandbox.
#   docker build -t prorl-reward .
#   docker run -p 8000:8000 -e PRORL_WORKERS=8 prorl-reward
# Settings are PRORL_* environment variables (see reward_server/settings.py).
FROM python:3.11-slim

# bubblewrap: the local code sandbox (namespaces, no network, read-only root)
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PRORL_HOST=0.0.0.0 \
    PRORL_PORT=8000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY prorl ./prorl
COPY reward_server ./reward_server
COPY sandboxes ./sandboxes
COPY dataset_builder ./dataset_builder
COPY trainer ./trainer
COPY data_manifests ./data_manifests
# base dependencies only: the service needs neither torch nor the docker SDK
RUN pip install .

# Root inside the container on purpose: the code sandbox drops each untrusted program to its own
# unprivileged uid (one per slot) with setuid, which needs root; the service itself never runs
# untrusted code in-process.
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD python -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"

CMD ["prorl", "serve", "--host", "0.0.0.0", "--port", "8000"]
