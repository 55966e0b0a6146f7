# GPU trainer image: CUDA PyTorch base, then this package with the [train] extra.
# The reward service has its own slimmer image (Dockerfile); the trainer only needs its client.
FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime
WORKDIR /app
COPY pyproject.toml README.md ./
COPY prorl prorl
COPY reward_server reward_server
COPY dataset_builder dataset_builder
COPY sandboxes sandboxes
COPY trainer trainer
COPY configs configs
COPY data_manifests data_manifests
RUN pip install --no-cache-dir -e '.[train]'
ENV PYTHONUNBUFFERED=1
CMD ["prorl", "train", "--help"]
