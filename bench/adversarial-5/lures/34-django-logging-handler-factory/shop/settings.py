SECRET_KEY = 'dev'
DEBUG = True
INSTALLED_APPS = ['django.contrib.contenttypes', 'core']
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}
LOGGING = {
    'version': 1,
    'handlers': {
        'console': {'class': 'logging.StreamHandler'},
        'audit': {'()': 'core.log.make_handler', 'service': 'shop'},
    },
    'root': {'handlers': ['console', 'audit'], 'level': 'INFO'},
}
