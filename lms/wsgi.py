"""The WSGI entry point for production servers: `gunicorn lms.wsgi:app`.

Configuration comes from the environment (see "Configuration" in the README); the secret key must
be set there, or created once in the instance folder by any `lms` command.
"""

from lms import create_app

app = create_app()
