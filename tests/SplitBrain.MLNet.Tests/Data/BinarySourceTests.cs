using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using Xunit;

namespace SplitBrain.MLNet.Tests.Data;

public class BinarySourceTests
{
    private static readonly MLContext Context = new(seed: 1);

    [Fact]
    public void CifarPlanesAreRedGreenBlueRowMajor()
    {
        using var files = new DataTestFiles();
        // By hand: record 0 has only byte 2 set (red plane index 1 = x 1, y 0) and byte 1 + 1024 + 32 (green plane,
        // x 0, y 1); the view must show a red pixel at (1, 0) and a green one at (0, 1).
        var record = new byte[3073];
        record[0] = 3;
        record[2] = 255;
        record[1 + 1024 + 32] = 200;
        string file = files.WriteBytes("cifar/test_batch.bin", record);

        ReadRow row = Assert.Single(DataViewReading.ReadAll(ImageDataSources.LoadCifar10Binary(Context, new[] { file })));

        Assert.Equal(((byte)0, (byte)0, (byte)255), DataViewReading.Pixel(row, 1, 0));
        Assert.Equal(((byte)0, (byte)200, (byte)0), DataViewReading.Pixel(row, 0, 1));
        Assert.Equal(((byte)0, (byte)0, (byte)0), DataViewReading.Pixel(row, 0, 0));
        Assert.Equal(4u, row.LabelKey);
        Assert.Equal(255, row.Bgra[3]);
    }

    [Fact]
    public void CifarTrainSplitReadsEveryBatchInOrderWithLabelsAndPaths()
    {
        using var files = new DataTestFiles();
        files.WriteCifarBatch("cifar/data_batch_2.bin", new byte[] { 9, 0 }, firstRecordTag: 3);
        files.WriteCifarBatch("cifar/data_batch_1.bin", new byte[] { 1, 2, 3 }, firstRecordTag: 0);
        files.WriteCifarBatch("cifar/test_batch.bin", new byte[] { 5 });

        ImageDataView view = ImageDataSources.LoadCifar10Binary(Context, files.PathOf("cifar"), Cifar10Split.Train);
        List<ReadRow> rows = DataViewReading.ReadAll(view);

        Assert.Equal(5, view.GetRowCount());
        Assert.Equal(new uint[] { 2, 3, 4, 10, 1 }, rows.Select(r => r.LabelKey));
        Assert.Equal(files.PathOf("cifar", "data_batch_2.bin") + "#1", rows[4].Path);
        Assert.Equal("airplane", DataViewReading.KeyValues(view)[0]);
        Assert.Equal("truck", DataViewReading.KeyValues(view)[9]);
        Assert.IsType<ImageDataViewType>(view.Schema["Image"].Type);
        Assert.Equal(32, ((ImageDataViewType)view.Schema["Image"].Type).Height);
        for (int r = 0; r < rows.Count; r++)
        {
            Assert.Equal((32, 32), (rows[r].Width, rows[r].Height));
            foreach (var (x, y) in new[] { (0, 0), (31, 0), (0, 31), (5, 17), (31, 31) })
            {
                var expected = (DataTestFiles.CifarValue(2, x, y, r), DataTestFiles.CifarValue(1, x, y, r),
                    DataTestFiles.CifarValue(0, x, y, r));
                Assert.Equal(expected, DataViewReading.Pixel(rows[r], x, y));
            }
        }
    }

    [Fact]
    public void CifarClassNamesComeFromBatchesMetaWhenPresent()
    {
        using var files = new DataTestFiles();
        string[] names = Enumerable.Range(0, 10).Select(i => $"class {i}").ToArray();
        files.WriteBytes("cifar/batches.meta.txt", System.Text.Encoding.UTF8.GetBytes(string.Join("\n", names) + "\n\n"));
        files.WriteCifarBatch("cifar/test_batch.bin", new byte[] { 0, 9 });

        ImageDataView view = ImageDataSources.LoadCifar10Binary(Context, files.PathOf("cifar"), Cifar10Split.Test);

        Assert.Equal(names, DataViewReading.KeyValues(view));
    }

    [Fact]
    public void MlNetPixelExtractionSeesTheCifarPlanes()
    {
        using var files = new DataTestFiles();
        files.WriteCifarBatch("cifar/test_batch.bin", new byte[] { 4 });
        ImageDataView view = ImageDataSources.LoadCifar10Binary(Context, files.PathOf("cifar"), Cifar10Split.Test);

        IDataView pixels = Context.Transforms.ExtractPixels("Pixels", "Image", interleavePixelColors: false)
            .Fit(view).Transform(view);
        float[] planes = pixels.GetColumn<VBuffer<float>>("Pixels").Single().DenseValues().ToArray();

        Assert.Equal(3 * 1024, planes.Length);
        for (int plane = 0; plane < 3; plane++)
            for (int y = 0; y < 32; y += 5)
                for (int x = 0; x < 32; x += 3)
                    Assert.Equal(DataTestFiles.CifarValue(plane, x, y, 0), planes[plane * 1024 + y * 32 + x]);
    }

    [Fact]
    public void LabelColumnTrainsAndEvaluatesAMulticlassModelWithClassNames()
    {
        using var files = new DataTestFiles();
        files.WriteCifarBatch("cifar/test_batch.bin", Enumerable.Range(0, 30).Select(i => (byte)(i % 3)).ToArray());
        ImageDataView view = ImageDataSources.LoadCifar10Binary(Context, files.PathOf("cifar"), Cifar10Split.Test);

        var pipeline = Context.Transforms.ExtractPixels("Features", "Image", scaleImage: 1f / 255)
            .Append(Context.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 5))
            .Append(Context.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel"));
        IDataView scored = pipeline.Fit(view).Transform(view);
        var metrics = Context.MulticlassClassification.Evaluate(scored);
        string[] predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedName").Select(n => n.ToString()).ToArray();

        Assert.Equal(10, metrics.ConfusionMatrix.NumberOfClasses);
        Assert.InRange(metrics.MicroAccuracy, 0, 1);
        Assert.Equal(30, predicted.Length);
        Assert.All(predicted, name => Assert.Contains(name, new[] { "airplane", "automobile", "bird" }));
    }

    [Fact]
    public void StlPlanesAreColumnMajorAndLabelsAreOneBased()
    {
        using var files = new DataTestFiles();
        // By hand: byte 1 is red plane, column-major index 1 = x 0, y 1 (second row, first column).
        var record = new byte[27648];
        record[1] = 255;
        record[9216 + 96] = 100; // green plane, index 96 = x 1, y 0
        string images = files.WriteBytes("stl/train_X.bin", record.Concat(DataTestFiles.StlRecord(1)).ToArray());
        files.WriteBytes("stl/train_y.bin", new byte[] { 1, 10 });

        ImageDataView view = ImageDataSources.LoadStl10Binary(Context, files.PathOf("stl"), Stl10Split.Train);
        List<ReadRow> rows = DataViewReading.ReadAll(view);

        Assert.Equal(((byte)0, (byte)0, (byte)255), DataViewReading.Pixel(rows[0], 0, 1));
        Assert.Equal(((byte)0, (byte)100, (byte)0), DataViewReading.Pixel(rows[0], 1, 0));
        Assert.Equal(((byte)0, (byte)0, (byte)0), DataViewReading.Pixel(rows[0], 1, 1));
        Assert.Equal(new uint[] { 1, 10 }, rows.Select(r => r.LabelKey));
        string[] keyValues = DataViewReading.KeyValues(view);
        Assert.Equal(("airplane", "truck"), (keyValues[0], keyValues[9]));
        Assert.Equal(images + "#1", rows[1].Path);
        foreach (var (x, y) in new[] { (0, 0), (95, 0), (0, 95), (13, 70), (95, 95) })
        {
            var expected = (DataTestFiles.StlValue(2, x, y, 1), DataTestFiles.StlValue(1, x, y, 1),
                DataTestFiles.StlValue(0, x, y, 1));
            Assert.Equal(expected, DataViewReading.Pixel(rows[1], x, y));
        }
    }

    [Fact]
    public void StlUnlabeledHasNoLabelColumnAndClassNamesFileIsRead()
    {
        using var files = new DataTestFiles();
        files.WriteStlImages("stl/unlabeled_X.bin", 3);
        files.WriteStlImages("stl/test_X.bin", 1);
        files.WriteBytes("stl/test_y.bin", new byte[] { 2 });
        string[] names = Enumerable.Range(0, 10).Select(i => $"n{i}").ToArray();
        files.WriteBytes("stl/class_names.txt", System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", names)));

        ImageDataView unlabeled = ImageDataSources.LoadStl10Binary(Context, files.PathOf("stl"), Stl10Split.Unlabeled);
        ImageDataView test = ImageDataSources.LoadStl10Binary(Context, files.PathOf("stl"), Stl10Split.Test);

        Assert.Equal(3, unlabeled.GetRowCount());
        Assert.Null(unlabeled.Schema.GetColumnOrNull("Label"));
        Assert.Equal(names, DataViewReading.KeyValues(test));
        Assert.Equal(2u, Assert.Single(DataViewReading.ReadAll(test)).LabelKey);
    }

    [Fact]
    public void StlRecordsBeyondTwoGigabytesAreReadBySeeking()
    {
        // A sparse 80,000-record file (2.2 GB apparent, a few KB on disk) with one written record near the end:
        // its byte offset needs 64 bits. NTFS does not make sparse files by default, so this runs on Unix only.
        if (OperatingSystem.IsWindows())
            return;
        using var files = new DataTestFiles();
        const int count = 80_000;
        string path = files.PathOf("unlabeled_X.bin");
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            stream.SetLength((long)count * 27648);
            stream.Seek((long)(count - 2) * 27648, SeekOrigin.Begin);
            stream.Write(DataTestFiles.StlRecord(5));
        }

        ImageDataView view = ImageDataSources.LoadStl10Binary(Context, path, labelsFilePath: null);
        ReadRow row = Assert.Single(DataViewReading.ReadAll(view.Subset(new long[] { count - 2 })));

        Assert.Equal(count, view.GetRowCount());
        Assert.Equal(path + "#79998", row.Path);
        Assert.Equal(
            (DataTestFiles.StlValue(2, 40, 3, 5), DataTestFiles.StlValue(1, 40, 3, 5), DataTestFiles.StlValue(0, 40, 3, 5)),
            DataViewReading.Pixel(row, 40, 3));
    }

    [Fact]
    public void BinaryShuffleIsASeededPermutationAndRowIdsAreRecordIndices()
    {
        using var files = new DataTestFiles();
        string file = files.WriteCifarBatch("b.bin", Enumerable.Range(0, 40).Select(i => (byte)(i % 10)).ToArray());
        ImageDataView view = ImageDataSources.LoadCifar10Binary(Context, new[] { file });

        List<ReadRow> shuffled = DataViewReading.ReadAll(view, new Random(7));
        List<ReadRow> again = DataViewReading.ReadAll(view, new Random(7));

        Assert.Equal(shuffled.Select(r => r.RowId), again.Select(r => r.RowId));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (ulong)i), shuffled.Select(r => r.RowId).Order());
        Assert.NotEqual(Enumerable.Range(0, 40).Select(i => (ulong)i), shuffled.Select(r => r.RowId));
        foreach (ReadRow row in shuffled)
        {
            int record = (int)row.RowId;
            Assert.Equal($"{file}#{record}", row.Path);
            Assert.Equal((uint)(record % 10 + 1), row.LabelKey);
            Assert.Equal(DataTestFiles.CifarValue(0, 3, 4, record), DataViewReading.Pixel(row, 3, 4).R);
        }
    }
}
