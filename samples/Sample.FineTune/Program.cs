// Sample: pretrain without labels, fine-tune with a few labels, evaluate, save and load.
//
//   dotnet run --project samples/Sample.FineTune -- IMAGE_FOLDER MODEL.zip
//
// IMAGE_FOLDER holds one subfolder per class. The model zip written at the end is a standard ML.NET model; the
// PredictFromZip sample loads it.
using Microsoft.ML;
using SplitBrain.MLNet;

string folder = args.Length > 0 ? args[0] : throw new ArgumentException("Pass an image folder with one subfolder per class.");
string modelPath = args.Length > 1 ? args[1] : "finetuned.zip";
var ml = new MLContext(seed: 1);
ImageDataView images = ImageDataSources.LoadImageFolder(ml, folder);

// 1. Hold out the last 10 images of each class for evaluation; draw 10 labeled and 5 validation images per class.
var split = StratifiedSampler.Split(images, new StratifiedSplitOptions
{
    TrainRowsPerClass = 10, ValidationRowsPerClass = 5, HeldOutRowsPerClass = 10, Seed = 1,
});

// 2. Preprocessing shared by every stage: resize, then LabQuantize.
var preprocess = ml.Transforms.ResizeImages("Image32", 32, 32, "Image")
    .Append(ml.Transforms.LabQuantize(inputColumnName: "Image32", gridSize: 8))
    .Fit(images);

// 3. Self-supervised pretraining on every image that is not held out, without labels.
IDataView unlabeled = preprocess.Transform(StratifiedSampler.ExcludeHeldOut(images, 10));
using SplitBrainPretrainTransformer pretrained = ml.Transforms.SplitBrainPretrain(epochs: 2, batchSize: 32, seed: 1).Fit(unlabeled);

// 4. Fine-tuning on the few labels, with early stopping on the validation images.
var classifier = ml.MulticlassClassification.Trainers.SplitBrainClassifier(new SplitBrainClassifierTrainer.Options
{
    Pretrained = pretrained,
    Epochs = 10,
    BatchSize = 16,
    ValidationData = preprocess.Transform(split.Validation),
    Seed = 1,
}).Fit(preprocess.Transform(split.Train));

// 5. Evaluate with ML.NET's own evaluator: Score and PredictedLabel follow the multiclass conventions.
var model = new Microsoft.ML.Data.TransformerChain<ITransformer>(preprocess, classifier);
var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.HeldOut), topKPredictionCount: 5);
Console.WriteLine($"Held-out accuracy {metrics.MicroAccuracy:P1}, top-5 {metrics.TopKAccuracy:P1}.");

// 6. Save (atomically: a temporary file, then a rename) and load back in a new context.
ml.Model.SaveAtomically(model, images.Schema, modelPath);
ITransformer reloaded = new MLContext().Model.Load(modelPath, out _);
var again = ml.MulticlassClassification.Evaluate(reloaded.Transform(split.HeldOut), topKPredictionCount: 5);
Console.WriteLine($"Reloaded from {modelPath}: accuracy {again.MicroAccuracy:P1} (the same model, the same answer).");
