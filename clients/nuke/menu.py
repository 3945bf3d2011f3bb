# Adds Nodes > DeferredDiffusion with the four tools.
import nuke

menu = nuke.menu("Nodes").addMenu("DeferredDiffusion")
for tool in ("DDImage", "DDVideo", "DDText", "DDWorkflow"):
    menu.addCommand(tool, "nuke.createNode('%s')" % tool)
