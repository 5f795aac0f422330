"""D-Bus values typed as the specs say, which PySide6 alone would send as other types."""

import pytest
from PySide6.QtDBus import QDBusArgument

from emosymphony.ui.dbus_types import int64, strings, uint32


def test_each_value_carries_its_dbus_type(qapp):
    assert uint32(2**32 - 1).currentSignature() == "u"
    assert int64(180_000_000).currentSignature() == "x"
    assert strings([]).currentSignature() == "as" and strings(["a", "b"]).currentSignature() == "as"
    plain = QDBusArgument()
    plain << 5
    assert plain.currentSignature() != "u"  # why this module exists


@pytest.mark.parametrize("make, value", [(uint32, -1), (uint32, 2**32), (int64, 2**63)])
def test_a_value_out_of_range_is_refused(qapp, make, value):
    with pytest.raises(ValueError, match="integer"):
        make(value)
