"""The tools' parameters, declared once per domain, and the COP subnet built from them."""
import hou

TOOLS = {"images": "DDImage", "videos": "DDVideo", "texts": "DDText", "workflows": "DDWorkflow"}
INPUTS = {"images": ("image", "mask", "reference"), "videos": ("image", "last_image"),
          "texts": ("image1", "image2"), "workflows": ("image1", "image2", "image3", "image4")}
RESULT_NODE = "result"
WORKFLOW_FOLDER = "workflow_patches"


def _button(name, label, call):
    return hou.ButtonParmTemplate(name, label, script_callback="__import__('dd_houdini').%s(kwargs['node'])" % call,
                                  script_callback_language=hou.scriptLanguage.Python)


def _text(name, label, multiline=False, default=""):
    return hou.StringParmTemplate(name, label, 1, default_value=(default,),
                                  tags={"editor": "1"} if multiline else {})


def templates(domain):
    """The parameter templates of a tool, in order."""
    out = [hou.StringParmTemplate("ddiffusion_domain", "Domain", 1, default_value=(domain,), is_hidden=True)]
    if domain == "workflows":
        out += [hou.StringParmTemplate("workflow_file", "Workflow (API format)", 1,
                                       string_type=hou.stringParmType.FileReference),
                _button("load_workflow", "Load", "load_workflow"), _text("workflow_info", "Workflow"),
                hou.FolderParmTemplate(WORKFLOW_FOLDER, "Patches")]
    else:
        out += [hou.MenuParmTemplate("model", "Model", menu_items=()), _button("refresh_models", "Refresh",
                                                                              "refresh_models"),
                _text("model_info", "Unavailable"), _text("prompt", "Prompt", multiline=True)]
    if domain in ("images", "videos"):
        defaults = (1280, 720) if domain == "images" else (854, 480)
        out += [hou.IntParmTemplate("width", "Width", 1, default_value=(defaults[0],)),
                hou.IntParmTemplate("height", "Height", 1, default_value=(defaults[1],)),
                hou.IntParmTemplate("seed", "Seed", 1, default_value=(42,))]
    if domain == "images":
        out += [hou.FloatParmTemplate("strength", "Strength", 1, default_value=(0.5,), min=0.0, max=1.0),
                hou.ToggleParmTemplate("linear", "Send linear EXR", default_value=False)]
    if domain == "videos":
        out += [hou.IntParmTemplate("num_frames", "Frames", 1, default_value=(48,))]
    if domain == "texts":
        out += [hou.MenuParmTemplate("system_prompt", "System prompt",
                                     menu_items=("BASE", "NONE", "IMAGE_OPTIMIZER", "VIDEO_OPTIMIZER",
                                                 "VIDEO_TRANSITION")),
                _text("response", "Response", multiline=True)]
    out += [_button("generate", "Generate", "generate"), _button("cancel", "Cancel", "cancel"),
            _text("task_id", "Task id"), _text("status", "Status"), _text("logs", "Logs", multiline=True)]
    return out


def build(parent, domain, name=None):
    """A COP subnet in `parent` with the tool's parameters, one input per name in INPUTS and a File COP inside that
    loads the result (texts have none)."""
    node = parent.createNode("subnet", node_name=name or TOOLS[domain])
    group = node.parmTemplateGroup()
    for template in templates(domain):
        group.append(template)
    node.setParmTemplateGroup(group)
    if domain != "texts":
        node.createNode("file", node_name=RESULT_NODE)
    node.setComment(TOOLS[domain])
    return node
