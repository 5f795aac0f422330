"""Several networks as one model: the ensemble's output is the mean of its members'."""

import numpy as np
import pytest

pytest.importorskip("tensorflow", reason="ensembles need TensorFlow (scripts/setup.sh --train)", exc_type=ImportError)

from helpers import ROOT  # noqa: E402
from emosymphony.cli import main  # noqa: E402
from emosymphony.data import read_dataset  # noqa: E402
from emosymphony.model.architectures import load_keras_model  # noqa: E402

pytestmark = pytest.mark.slow  # loads and saves Keras networks


def test_an_ensemble_averages_its_members_and_loads_like_any_model(tmp_path, fer_val, capsys):
    shipped = ROOT / "models" / "emotion.keras"
    faces = read_dataset(fer_val).images[:64, :, :, None].astype(np.float32)
    member = load_keras_model(shipped, compile=False)
    perturbed = load_keras_model(shipped, compile=False)  # a second, different network: its last layer halved
    last = perturbed.layers[-1]
    last.set_weights([weight * 0.5 for weight in last.get_weights()])
    other = tmp_path / "other.keras"
    perturbed.save(other)
    out = tmp_path / "ensemble.keras"
    assert main(["ensemble", "--model", str(shipped), "--model", str(other), "--out", str(out)]) == 0
    assert "the mean of 2 models" in capsys.readouterr().out
    ensemble = load_keras_model(out, compile=False)
    expected = (member.predict(faces, verbose=0) + perturbed.predict(faces, verbose=0)) / 2
    np.testing.assert_allclose(ensemble.predict(faces, verbose=0), expected, atol=1e-5)
    assert main(["ensemble", "--model", str(shipped), "--model", str(other), "--out", str(out)]) == 1  # no overwrite
