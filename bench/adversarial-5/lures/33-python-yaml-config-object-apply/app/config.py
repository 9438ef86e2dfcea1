import yaml
from pathlib import Path

with open(Path(__file__).parent.parent / 'config' / 'settings.yaml') as fh:
    settings = yaml.load(fh, Loader=yaml.Loader)
