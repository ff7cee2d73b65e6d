# The same server `make run` starts: migrate, then uvicorn. Content is checked at build time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml constraints.txt README.md ./
COPY bot ./bot
RUN pip install -c constraints.txt .

COPY alembic.ini ./
COPY migrations ./migrations
COPY content_hindi ./content_hindi
RUN python -m bot content check

RUN useradd --create-home --uid 10001 saathi && mkdir -p /app/data && chown saathi /app/data
USER saathi

ENV HOST=0.0.0.0 PORT=8000 SAATHI_CONTENT_DIR=/app/content_hindi DATABASE_URL=sqlite:////app/data/saathi.db
EXPOSE 8000
VOLUME ["/app/data"]
CMD ["python", "-m", "bot", "serve"]
