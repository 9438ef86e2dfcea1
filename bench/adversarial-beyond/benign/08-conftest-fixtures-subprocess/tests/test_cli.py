def test_help(cli):
    assert cli("--help").returncode == 0
