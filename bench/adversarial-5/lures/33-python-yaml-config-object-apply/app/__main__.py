from .config import settings
from .web import app
app.run(port=settings['port'])
