import pytest

from prorl.registry import DuplicateNameError, Registry, UnknownNameError


def test_register_and_get() -> None:
    reg: Registry[object] = Registry("widget")

    @reg.register("a", version="2")
    def a() -> int:
        return 1

    assert reg.get("a") is a
    assert reg.entry("a").meta == {"version": "2"}
    assert reg.names() == ["a"] and "a" in reg and len(reg) == 1


def test_duplicate_raises() -> None:
    reg: Registry[object] = Registry("widget")
    reg.add("a", 1)
    with pytest.raises(DuplicateNameError, match="'a' is already registered"):
        reg.add("a", 2)


def test_unknown_lists_known() -> None:
    reg: Registry[object] = Registry("widget")
    reg.add("beta", 1)
    reg.add("alpha", 2)
    with pytest.raises(UnknownNameError) as info:
        reg.get("gamma")
    assert str(info.value) == "unknown widget 'gamma'; known: alpha, beta"


def test_autoload_imports_modules() -> None:
    reg: Registry[object] = Registry("widget", autoload=("json",))
    assert reg.names() == []  # importing json registers nothing, but must not fail


def test_check_names_for_validators() -> None:
    reg: Registry[object] = Registry("family")
    reg.add("a", 1)
    assert reg.check_names(["a"]) == ["a"]
    with pytest.raises(ValueError, match="unknown family 'b', 'c'; known: a"):
        reg.check_names(["a", "b", "c"])
