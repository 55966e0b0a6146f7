"""One registry shape for everything pluggable: sources, verifiers, advantage estimators, losses.

Why one shape: users learn it once. A decorator registers a callable (or class) under a name,
registering a name twice raises (two plugins silently shadowing each other is the worst kind of
RL bug: the run trains on the wrong reward and nothing crashes), and asking for an unknown name
raises an error that lists the known ones, so a typo in a YAML file is a one-line fix.

A registry may name the modules that populate it (`autoload`); they are imported on first lookup,
so `get("math")` works without the caller importing `reward_server.verifiers.math` first.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class RegistryError(Exception):
    """Base class for registry misuse."""


class DuplicateNameError(RegistryError):
    pass


class UnknownNameError(RegistryError, KeyError):
    def __str__(self) -> str:  # KeyError would repr() the message with quotes
        return str(self.args[0])


@dataclass
class Entry(Generic[T]):
    name: str
    obj: T
    meta: dict[str, Any] = field(default_factory=dict)


class Registry(Generic[T]):
    """Name -> object map filled by the `register` decorator."""

    def __init__(
        self, kind: str, autoload: tuple[str, ...] = (), autoload_packages: tuple[str, ...] = ()
    ) -> None:
        self.kind = kind
        self._autoload = list(autoload)
        self._autoload_packages = list(autoload_packages)
        self._entries: dict[str, Entry[T]] = {}

    def register(self, name: str, **meta: Any) -> Callable[[T], T]:
        """Decorator: `@REG.register("grpo", version="1")`. Extra keywords are kept as metadata."""

        def decorate(obj: T) -> T:
            self.add(name, obj, **meta)
            return obj

        return decorate

    def add(self, name: str, obj: T, **meta: Any) -> None:
        if not name or not isinstance(name, str):
            raise RegistryError(f"{self.kind} name must be a non-empty string, got {name!r}")
        if name in self._entries:
            where = getattr(self._entries[name].obj, "__module__", "?")
            raise DuplicateNameError(
                f"{self.kind} {name!r} is already registered (by {where}); names must be unique"
            )
        self._entries[name] = Entry(name, obj, dict(meta))

    def _load(self) -> None:
        while self._autoload:
            importlib.import_module(self._autoload.pop(0))
        while self._autoload_packages:
            import_submodules(self._autoload_packages.pop(0))

    def entry(self, name: str) -> Entry[T]:
        self._load()
        try:
            return self._entries[name]
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "(none)"
            raise UnknownNameError(f"unknown {self.kind} {name!r}; known: {known}") from None

    def get(self, name: str) -> T:
        return self.entry(name).obj

    def check_names(self, names: list[str]) -> list[str]:
        """For config validators: raise ValueError naming the unknown names and listing the
        known ones; returns `names` unchanged."""
        self._load()
        unknown = [n for n in names if n not in self._entries]
        if unknown:
            known = ", ".join(sorted(self._entries)) or "(none)"
            raise ValueError(f"unknown {self.kind} {', '.join(map(repr, unknown))}; known: {known}")
        return names

    def names(self) -> list[str]:
        self._load()
        return sorted(self._entries)

    def entries(self) -> Iterator[Entry[T]]:
        self._load()
        for name in sorted(self._entries):
            yield self._entries[name]

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._entries

    def __len__(self) -> int:
        self._load()
        return len(self._entries)


def import_submodules(package: str) -> None:
    """Import every module of `package`: one-file-per-plugin folders register themselves."""
    import pkgutil

    pkg = importlib.import_module(package)
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{package}.{info.name}")
