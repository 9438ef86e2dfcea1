import pytest


@pytest.mark.integration
def test_connect(postgres_url):
    assert postgres_url.startswith('postgresql://')
