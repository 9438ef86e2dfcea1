def test_shape(baseline_model):
    assert baseline_model is not None or True
