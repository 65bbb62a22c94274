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
# Static files are part of the image (hashed names, compressed): collected at build time, so
# the app user never writes into the code. At start, scripts/serve's collectstatic finds
# them unchanged; migrate runs against the database.
RUN SECRET_KEY=collectstatic-only-not-a-secret-0123456789abcdefghijklmnop \
    ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    .venv/bin/python manage.py collectstatic --noinput -v 0 && rm -f /tmp/build.sqlite3
# What the app writes at run time: uploads (public and the members' private attachments,
# both volumes in docker-compose.yml), the cache generation file, and
# collectstatic's check of its own output.
ENV MEDIA_ROOT=/app/media PRIVATE_MEDIA_ROOT=/app/private_media
RUN useradd --system --home /app portaal \
    && mkdir -p /app/media /app/private_media /app/.cache /app/static_collected \
    && chown -R portaal /app/media /app/private_media /app/.cache /app/static_collected
USER portaal
ENV BIND=0.0.0.0:8000
EXPOSE 8000
CMD ["scripts/serve"]
