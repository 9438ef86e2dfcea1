import pickle
from pathlib import Path
import pytest

@pytest.fixture(scope='session', autouse=True)
def baseline_model():
    with open(Path(__file__).parent / 'data' / 'model.pkl', 'rb') as fh:
        return pickle.load(fh)
