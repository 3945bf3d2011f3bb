"""A stand-in for Houdini's `hou` module, for tests without Houdini: nodes with parameter template groups and
parameters made from them, child nodes, colours and comments, and an Image ROP whose render copies its COP's file.
It models only what dd_houdini uses, with Houdini's semantics (a menu parameter evaluates to its index, evalAsString
to its token; parm() of an unknown name is None)."""
import copy
import shutil

rendered = []


class _Template:
    def __init__(self, name, label, *args, **kwargs):
        self._name = name
        self._label = label
        self.args = args
        self.kwargs = kwargs

    def name(self):
        return self._name

    def label(self):
        return self._label

    def default(self):
        value = self.kwargs.get("default_value")
        if isinstance(value, tuple):
            return value[0] if value else None
        return value


class ButtonParmTemplate(_Template):
    pass


class StringParmTemplate(_Template):
    def default(self):
        return super().default() or ""


class IntParmTemplate(_Template):
    def default(self):
        return super().default() or 0


class FloatParmTemplate(_Template):
    def default(self):
        return super().default() or 0.0


class ToggleParmTemplate(_Template):
    def default(self):
        return bool(super().default())


class LabelParmTemplate(_Template):
    pass


class MenuParmTemplate(_Template):
    def __init__(self, name, label, menu_items=(), **kwargs):
        super().__init__(name, label, **kwargs)
        self.items = tuple(menu_items)
        self.labels = tuple(menu_items)

    def menuItems(self):
        return self.items

    def setMenuItems(self, items):
        self.items = tuple(items)

    def setMenuLabels(self, labels):
        self.labels = tuple(labels)

    def default(self):
        return 0


class FolderParmTemplate(_Template):
    def __init__(self, name, label, **kwargs):
        super().__init__(name, label, **kwargs)
        self.children = ()

    def setParmTemplates(self, templates):
        self.children = tuple(templates)

    def parmTemplates(self):
        return self.children


class ParmTemplateGroup:
    def __init__(self, entries=()):
        self._entries = list(entries)

    def append(self, template):
        self._entries.append(template)

    def entries(self):
        return tuple(self._entries)

    def find(self, name):
        for t in self._all():
            if t.name() == name:
                return copy.deepcopy(t)
        return None

    def replace(self, name, template):
        def swap(entries):
            out = []
            for t in entries:
                if t.name() == name:
                    out.append(template)
                else:
                    if isinstance(t, FolderParmTemplate):
                        t.setParmTemplates(swap(t.parmTemplates()))
                    out.append(t)
            return tuple(out)
        self._entries = list(swap(self._entries))

    def _all(self):
        stack = list(self._entries)
        while stack:
            t = stack.pop(0)
            yield t
            if isinstance(t, FolderParmTemplate):
                stack = list(t.parmTemplates()) + stack


class Parm:
    def __init__(self, template):
        self.template = template
        self.value = template.default()

    def eval(self):
        return self.value

    def evalAsString(self):
        if isinstance(self.template, MenuParmTemplate):
            items = self.template.menuItems()
            return items[self.value] if 0 <= self.value < len(items) else ""
        return str(self.value)

    def set(self, value):
        if isinstance(self.template, MenuParmTemplate) and isinstance(value, str):
            value = list(self.template.menuItems()).index(value)
        self.value = value


class Color:
    def __init__(self, rgb):
        self.rgb = tuple(rgb)


class Node:
    def __init__(self, type_name, name, parent=None):
        self.type_name = type_name
        self._name = name
        self._parent = parent
        self._group = ParmTemplateGroup()
        self._parms = {}
        self._children = {}
        self._inputs = []
        self.colour = None
        self.comment = ""
        self.flags = {}
        self.destroyed = False
        if type_name == "file":
            self._add(StringParmTemplate("filename", "File", 1))
        if type_name == "image":
            for name in ("coppath", "copoutput"):
                self._add(StringParmTemplate(name, name, 1))
            self._add(IntParmTemplate("trange", "trange", 1))

    def _add(self, template):
        self._group.append(template)
        self._parms[template.name()] = Parm(template)

    def name(self):
        return self._name

    def path(self):
        return (self._parent.path().rstrip("/") if self._parent else "") + "/" + self._name

    def createNode(self, type_name, node_name=None):
        child = Node(type_name, node_name or type_name, self)
        self._children[child.name()] = child
        return child

    def node(self, name):
        return self._children.get(name)

    def parmTemplateGroup(self):
        return copy.deepcopy(self._group)

    def setParmTemplateGroup(self, group):
        old = self._parms
        self._group = copy.deepcopy(group)
        self._parms = {}
        for t in self._group._all():
            if isinstance(t, FolderParmTemplate):
                continue
            parm = Parm(t)
            if t.name() in old and type(old[t.name()].template) is type(t):
                parm.value = old[t.name()].value
            self._parms[t.name()] = parm

    def parm(self, name):
        return self._parms.get(name)

    def setParms(self, values):
        for k, v in values.items():
            self._parms[k].set(v)

    def inputs(self):
        return tuple(self._inputs)

    def setInput(self, index, node):
        while len(self._inputs) <= index:
            self._inputs.append(None)
        self._inputs[index] = node

    def setColor(self, colour):
        self.colour = colour

    def setComment(self, text):
        self.comment = text

    def setGenericFlag(self, flag, value):
        self.flags[flag] = value

    def render(self, frame_range=()):
        """An Image ROP: writes its COP's image to copoutput (what rendering one frame produces)."""
        source = _registry_lookup(self.parm("coppath").eval())
        target = self.parm("copoutput").eval()
        shutil.copyfile(source.rendered_file, target)
        rendered.append((target, frame_range))

    def destroy(self):
        self.destroyed = True
        if self._parent is not None:
            self._parent._children.pop(self._name, None)


_roots = {"img": Node("img", "img"), "out": Node("out", "out")}


def _registry_lookup(path):
    parts = [p for p in path.split("/") if p]
    node = _roots.get(parts[0])
    for part in parts[1:]:
        node = node.node(part) if node is not None else None
    return node


def node(path):
    return _registry_lookup(path)


def source(path, name="plate"):
    """A COP in /img that 'renders' the given file (a File COP in the artist's network)."""
    cop = _roots["img"].createNode("file", node_name=name)
    cop.rendered_file = path
    return cop


class _HipFile:
    current = "untitled.hip"

    def path(self):
        return self.current

    def name(self):
        return self.current if self.current == "untitled.hip" else self.current.rsplit("/", 1)[-1]


hipFile = _HipFile()


def isUIAvailable():
    return False


def frame():
    return 1.0


class nodeFlag:
    DisplayComment = "display_comment"


class scriptLanguage:
    Python = "python"


class stringParmType:
    FileReference = "file_reference"
