#@ File (label = "Image folder", style = "directory") input_folder
#@ File (label = "Model file", style = "extensions:zip") model_file
#@ File (label = "Output folder", style = "directory") output_folder
#@ CommandService command
#@ ModuleService modules

# Detect fractures in every image of a folder: detections.csv and annotated PNGs in the output folder.
from io.github.bonefracture.fiji import DetectFolderCommand

# A DynamicCommand (inputs from the option declaration): run it through the ModuleService.
module = modules.run(command.getCommand(DetectFolderCommand), True,
	"input_folder", input_folder, "model_file", model_file, "output_folder", output_folder,
	"threshold", 0.0, "heatmap", True, "flip_tta", False).get()
if module.isCanceled():
	raise Exception(module.getCancelReason())
print("%d images, %d called Fracture, %d unreadable" % (module.getOutput("images"), module.getOutput("fractures"), module.getOutput("failed")))
