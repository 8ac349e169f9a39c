# Production image: gunicorn serving Tablero; static files by whitenoise.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
 && SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv
RUN useradd --create-home tablero && mkdir -p /app/media && chown tablero /app/media
USER tablero
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
