# The docker backend's sandbox image: the bare interpreter plus the stdlib-only warm runner.
# Build from the sandboxes/ directory: docker build -f images/python.Dockerfile -t prorl-sandbox-python .
FROM python:3.11-slim
RUN rm -rf /usr/local/lib/python3.11/site-packages/* \
    && mkdir -p /sandbox
COPY runner.py runner_child.py runner_cleanup.py runner_stdio.py runner_supervise.py /sandbox/
WORKDIR /tmp
ENTRYPOINT []
CMD ["python3", "-I", "-S", "-B", "/sandbox/runner.py", "65534"]
