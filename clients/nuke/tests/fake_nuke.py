"""A stand-in for Nuke's `nuke` module, for tests without Nuke: nodes made from the real .gizmo files (their user
knobs, defaults and internal nodes as the text declares them), knobs that record their values, Write nodes that
"render" by copying their source's file, and a main-thread call log. Reading a knob a gizmo does not declare raises,
so a name mismatch between the Python and a gizmo fails the tests."""
import os
import re
import shutil
import threading

GIZMOS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gizmos")

main_thread_calls = []
executed = []
_lock = threading.RLock()
_root_name = [""]


class Knob:
    def __init__(self, name, label="", value=None, kind=None):
        self._name = name
        self._label = label
        self._value = value
        self._values = []
        self.kind = kind
        self.executions = 0

    def name(self):
        return self._name

    def label(self):
        return self._label

    def value(self):
        return self._value

    getValue = value

    def setValue(self, value):
        with _lock:
            self._value = value

    def values(self):
        return list(self._values)

    def setValues(self, values):
        self._values = list(values)
        if self._value not in self._values:
            self._value = self._values[0] if self._values else ""

    def execute(self):
        self.executions += 1


def Int_Knob(name, label=""):
    return Knob(name, label, 0, "Int")


def Double_Knob(name, label=""):
    return Knob(name, label, 0.0, "Double")


def Boolean_Knob(name, label=""):
    return Knob(name, label, False, "Boolean")


def Multiline_Eval_String_Knob(name, label=""):
    return Knob(name, label, "", "Multiline")


def Text_Knob(name, label="", text=""):
    return Knob(name, label, text, "Text")


_KIND = {"1": "String", "2": "File", "3": "Int", "4": "Enumeration", "6": "Boolean", "7": "Double", "20": "Tab",
         "22": "PyScript", "26": "Text", "41": "Link", "43": "Multiline"}
_DEFAULT = {"Int": 0, "Double": 0.0, "Boolean": False}


class Node:
    def __init__(self, cls, name, knobs=None, inputs=0):
        self._class = cls
        self._name = name
        self._knobs = {"label": Knob("label", value=""), "tile_color": Knob("tile_color", value=0),
                       "name": Knob("name", value=name)}
        self._knobs.update(knobs or {})
        self._inputs = [None] * inputs
        self._children = {}

    def Class(self):
        return self._class

    def name(self):
        return self._name

    def knob(self, name):
        return self._knobs.get(name)

    def __getitem__(self, name):
        if name not in self._knobs:
            raise NameError("%s has no knob %r" % (self._class, name))
        return self._knobs[name]

    def knobs(self):
        return dict(self._knobs)

    def addKnob(self, knob):
        self._knobs[knob.name()] = knob

    def removeKnob(self, knob):
        del self._knobs[knob.name()]

    def inputs(self):
        return len(self._inputs)

    def input(self, index):
        return self._inputs[index] if index < len(self._inputs) else None

    def setInput(self, index, node):
        while len(self._inputs) <= index:
            self._inputs.append(None)
        self._inputs[index] = node

    def node(self, name):
        return self._children.get(name)


def source(path):
    """A node that 'renders' the given file (a Read in the artist's script)."""
    node = Node("Read", "Read_" + os.path.basename(path))
    node.rendered_file = path
    return node


def _parse_gizmo(cls):
    with open(os.path.join(GIZMOS, cls + ".gizmo"), encoding="utf-8") as f:
        text = f.read()
    header, _, body = text.partition("\n}\n")
    knobs, inputs = {}, 0
    for line in header.splitlines():
        line = line.strip()
        m = re.match(r"addUserKnob \{(\d+) (\w+)(?: l (\"[^\"]*\"|\S+))?", line)
        if m:
            kind = _KIND[m.group(1)]
            label = (m.group(3) or "").strip('"')
            knobs[m.group(2)] = Knob(m.group(2), label, _DEFAULT.get(kind, ""), kind)
            items = re.search(r" M \{([^}]*)\}", line)
            if items:
                # why: an enumeration's value is its first item until set, as in Nuke
                knobs[m.group(2)].setValues(items.group(1).split())
            continue
        m = re.match(r"inputs (\d+)$", line)
        if m:
            inputs = int(m.group(1))
            continue
        m = re.match(r"(\w+) (\S+)$", line)
        if m and m.group(1) in knobs:
            raw = m.group(2)
            knobs[m.group(1)].setValue(float(raw) if "." in raw else int(raw) if raw.isdigit() else raw)
    children = re.findall(r"\n (\w+) \{\n(?:  .*\n)*?  name (\w+)\n", "\n" + body)
    return knobs, inputs, children


_counter = [0]


def createNode(cls, *args, **kwargs):
    knobs, inputs, children = _parse_gizmo(cls)
    _counter[0] += 1
    node = Node(cls, "%s%d" % (cls, _counter[0]), knobs, inputs)
    for child_class, child_name in children:
        child = Node(child_class, child_name)
        if child_class == "Read":
            for k in ("file", "first", "last", "origfirst", "origlast", "reload"):
                child.addKnob(Knob(k, value=""))
        node._children[child_name] = child
    return node


class _Nodes:
    @staticmethod
    def Write(file="", file_type="png"):
        node = Node("Write", "Write_tmp", {"file": Knob("file", value=file),
                                           "file_type": Knob("file_type", value=file_type),
                                           "datatype": Knob("datatype", value="8 bit")}, 1)
        return node


nodes = _Nodes()


def execute(node, first, last):
    """Renders a Write: copies its source's file to the Write's path (what a render of one frame produces)."""
    upstream = node.input(0)
    target = node["file"].value()
    shutil.copyfile(upstream.rendered_file, target)
    executed.append((node["file"].value(), node["file_type"].value(), node["datatype"].value(), first, last))


def delete(node):
    pass


def frame():
    return 1


def root():
    return Node("Root", "root", {"name": Knob("name", value=_root_name[0])})


def set_script(path):
    _root_name[0] = path


def executeInMainThread(fn, args=(), kwargs=None):
    with _lock:
        main_thread_calls.append(fn)
        fn(*args, **(kwargs or {}))


def pluginAddPath(path):
    pass
