import os
from pathlib import Path

def config_path():
    return Path(os.environ.get('XDG_CONFIG_HOME', Path.home() / '.config')) / 'fastcsv' / 'config.toml'
