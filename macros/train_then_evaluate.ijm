// Train a model on a labelled folder (Fracture/ and Normal/ inside), then 10-fold cross-validate
// with the same settings. Defaults are the reference protocol (DenseNet121 from ImageNet weights).
data = getDirectory("Dataset folder (Fracture/ and Normal/)");
model = data + "model.zip";
settings = "dataset_folder=[" + data + "] architecture=densenet121 weights=imagenet epochs1=25 lr1=0.001 epochs2=10 lr2=0.00001 batch_size=6 image_size=150 flip=true rotation=0.1 zoom=0.2 brightness=0.4 seed=42";
run("Train Model", settings + " model_file=[" + model + "]");
run("K-Fold Evaluate", settings + " k=10 fold_seed=42 output_folder=[" + data + "kfold]");
