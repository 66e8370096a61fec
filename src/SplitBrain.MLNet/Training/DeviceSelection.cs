using TorchSharp;

namespace SplitBrain.MLNet.Training;

/// <summary>Turns a <see cref="ComputeDevice"/> choice into the one TorchSharp device that all modules and tensors use.</summary>
internal static class DeviceSelection
{
    public static torch.Device Resolve(ComputeDevice device, int cudaDeviceId)
    {
        if (cudaDeviceId < 0)
            throw new ArgumentOutOfRangeException(nameof(cudaDeviceId), cudaDeviceId, "The CUDA device id must be 0 or more.");
        switch (device)
        {
            case ComputeDevice.Cpu:
                return torch.CPU;
            case ComputeDevice.Auto:
                return torch.cuda.is_available() && cudaDeviceId < torch.cuda.device_count()
                    ? new torch.Device(DeviceType.CUDA, cudaDeviceId)
                    : torch.CPU;
            case ComputeDevice.Cuda:
                if (!torch.cuda.is_available())
                    throw new InvalidOperationException(
                        "Device is Cuda, but TorchSharp sees no CUDA device. Build the app with " +
                        "-p:SplitBrainTorchBackend=cuda-linux (or cuda-windows) on a machine with a GPU, or use Device = Auto or Cpu.");
                if (cudaDeviceId >= torch.cuda.device_count())
                    throw new ArgumentOutOfRangeException(nameof(cudaDeviceId), cudaDeviceId,
                        $"Only {torch.cuda.device_count()} CUDA device(s) are visible.");
                return new torch.Device(DeviceType.CUDA, cudaDeviceId);
            default:
                throw new ArgumentOutOfRangeException(nameof(device), device, "Expected Auto, Cpu or Cuda.");
        }
    }

    /// <summary>Sets the number of CPU threads TorchSharp uses; 0 keeps TorchSharp's default.</summary>
    public static void ApplyThreadCount(int threads)
    {
        if (threads < 0)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "The thread count must be 0 (default) or more.");
        if (threads > 0)
            torch.set_num_threads(threads);
    }
}
