// Sample: predict image classes from a saved model zip (for example the one Sample.FineTune writes).
//
//   dotnet run --project samples/Sample.PredictFromZip -- MODEL.zip IMAGE_FOLDER
//
// The zip holds the whole pipeline (resize, LabQuantize, classifier), so prediction needs only images.
using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.MLNet;

if (args.Length < 2)
    throw new ArgumentException("Pass a model zip and a folder of images (one subfolder per class, or any single subfolder).");
var ml = new MLContext();
ITransformer model = ml.Model.Load(args[0], out _);

// The images in the folder, as the same kind of IDataView the model was trained on.
ImageDataView images = ImageDataSources.LoadImageFolder(ml, args[1]);
IDataView scored = model.Transform(ml.Data.TakeRows(images, 5));

// Score holds class probabilities; its slot names are the class names.
VBuffer<ReadOnlyMemory<char>> classNames = default;
scored.Schema["Score"].GetSlotNames(ref classNames);
string[] names = classNames.DenseValues().Select(n => n.ToString()).ToArray();

var paths = scored.GetColumn<ReadOnlyMemory<char>>("ImagePath").Select(p => Path.GetFileName(p.ToString())).ToList();
var scores = scored.GetColumn<VBuffer<float>>("Score").Select(s => s.DenseValues().ToArray()).ToList();
for (int i = 0; i < scores.Count; i++)
{
    int best = Array.IndexOf(scores[i], scores[i].Max());
    Console.WriteLine($"{paths[i]}: {names[best]} ({scores[i][best]:P1})");
}
