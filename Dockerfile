# The portal's application image (used by docker-compose.yml). Untested on the machine it
# was written on (no Docker there).
FROM python:3.11-slim-bookworm
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /usr/local/bin/uv
ENV PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy \
    DJANGO_SETTINGS_MODULE=portaal.settings.production
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
COPY . .
RUN useradd --system --home /app portaal && mkdir -p /app/media /app/.cache \
    && chown -R portaal /app/media /app/.cache
USER portaal
ENV BIND=0.0.0.0:8000
EXPOSE 8000
CMD ["scripts/serve"]
