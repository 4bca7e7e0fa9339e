#@ ImagePlus imp
#@ File (label = "Model file", style = "extensions:zip") model_file
#@ CommandService command
#@output Double probability
#@output String label

// Detect a fracture in the active image with Bone Fracture Detection; the answer is also drawn on it.
import io.github.bonefracture.fiji.DetectFractureCommand

def module = command.run(DetectFractureCommand, true,
	"image", imp, "model_file", model_file, "threshold", 0d, "heatmap", true, "flip_tta", false).get()
if (module.isCanceled()) throw new RuntimeException(module.getCancelReason())
probability = module.getOutput("probability")
label = module.getOutput("label")
println "${imp.getTitle()}: ${label} (P(fracture) = ${probability})"
