#@ ImagePlus imp
#@ File (label = "Model file", style = "extensions:zip") model_file
#@ CommandService command
#@ ModuleService modules
#@output Double probability
#@output String label

// Detect a fracture in the active image with Bone Fracture Detection; the answer is also drawn on it.
import io.github.bonefracture.fiji.DetectFractureCommand

// The command is a DynamicCommand (its inputs come from the plugin's option declaration), so it is
// run through the ModuleService: CommandService.run returns null for such commands.
def module = modules.run(command.getCommand(DetectFractureCommand), true,
	"image", imp, "model_file", model_file, "threshold", 0d, "heatmap", true, "flip_tta", false).get()
if (module.isCanceled()) throw new RuntimeException(module.getCancelReason())
probability = module.getOutput("probability")
label = module.getOutput("label")
println "${imp.getTitle()}: ${label} (P(fracture) = ${probability})"
