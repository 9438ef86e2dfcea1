from fastcsv import config_path

def test_config_path(fake_home):
    assert str(config_path()).startswith(str(fake_home))
