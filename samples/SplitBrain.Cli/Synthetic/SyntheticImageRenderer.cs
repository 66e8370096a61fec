namespace SplitBrain.Cli.Synthetic;

/// <summary>
/// Draws one synthetic image in memory. The procedure, with every random draw taken from
/// <see cref="SplitMix64.ForItem"/>(seed, class, image) in this order:
/// <list type="number">
/// <item>Background: a linear gradient between two dull colours (any hue, saturation 0-0.25, value 0.25-0.8) along
/// a random direction, darkened or lightened by three soft blotches (radius 15-45% of the image, strength
/// ±12%).</item>
/// <item>1 to 3 objects of the class's shape, drawn in order (later ones on top): centre uniform in the middle 60% of
/// the image, radius 13-28% of the image side, random rotation; colour hue = the class's hue family ±12 degrees,
/// saturation 0.55-1, value 0.45-1, shaded by up to 30% toward a random light direction.</item>
/// <item>Each pixel is the mean of 2x2 sub-samples (anti-aliased edges), then gets uniform noise of ±5 levels per
/// channel.</item>
/// </list>
/// Colour and shape both identify the class, and an object's colour follows from its shape, so predicting colour
/// from lightness (the colorization pretext task) has something to learn. No trigonometric or exponential function
/// is used, so the pixels are the same on every platform.
/// </summary>
internal static class SyntheticImageRenderer
{
    private const double HueJitterDegrees = 12;
    private const double NoiseLevels = 5;
    private const double StripeDarkening = 0.45;
    private const double Sqrt3 = 1.7320508075688772;

    /// <summary>Renders image <paramref name="imageIndex"/> of a class: row-major RGB bytes, size x size x 3.</summary>
    public static byte[] Render(SyntheticClass imageClass, int imageIndex, int size, int seed)
    {
        var random = SplitMix64.ForItem(seed, imageClass.Index, imageIndex);
        Background background = Background.Draw(ref random, size);
        int objectCount = 1 + random.NextInt(3);
        var objects = new SceneObject[objectCount];
        for (int i = 0; i < objectCount; i++)
        {
            objects[i] = SceneObject.Draw(ref random, imageClass, size);
        }

        var rgb = new byte[size * size * 3];
        Span<double> pixel = stackalloc double[3];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                pixel.Clear();
                for (int sub = 0; sub < 4; sub++)
                {
                    double sampleX = x + (sub % 2 == 0 ? 0.25 : 0.75);
                    double sampleY = y + (sub < 2 ? 0.25 : 0.75);
                    (double r, double g, double b) = SampleColour(background, objects, imageClass.Shape, sampleX, sampleY);
                    pixel[0] += r;
                    pixel[1] += g;
                    pixel[2] += b;
                }

                int offset = (y * size + x) * 3;
                for (int channel = 0; channel < 3; channel++)
                {
                    double value = pixel[channel] / 4 * 255 + random.NextDouble(-NoiseLevels, NoiseLevels);
                    rgb[offset + channel] = (byte)Math.Clamp(Math.Round(value), 0, 255);
                }
            }
        }

        return rgb;
    }

    /// <summary>HSV to RGB; hue in degrees (any value, wrapped), saturation and value in [0, 1]; RGB in [0, 1].</summary>
    public static (double R, double G, double B) HsvToRgb(double hueDegrees, double saturation, double value)
    {
        double hue = hueDegrees % 360;
        if (hue < 0)
        {
            hue += 360;
        }

        double sector = hue / 60;
        int sectorIndex = Math.Min(5, (int)sector);
        double fraction = sector - sectorIndex;
        double p = value * (1 - saturation);
        double q = value * (1 - saturation * fraction);
        double t = value * (1 - saturation * (1 - fraction));
        return sectorIndex switch
        {
            0 => (value, t, p),
            1 => (q, value, p),
            2 => (p, value, t),
            3 => (p, q, value),
            4 => (t, p, value),
            _ => (value, p, q),
        };
    }

    private static (double R, double G, double B) SampleColour(
        Background background, SceneObject[] objects, SyntheticShape shape, double x, double y)
    {
        (double R, double G, double B) colour = background.At(x, y);
        foreach (SceneObject sceneObject in objects)
        {
            if (sceneObject.TryShade(shape, x, y, out double shade))
            {
                colour = (sceneObject.Colour.R * shade, sceneObject.Colour.G * shade, sceneObject.Colour.B * shade);
            }
        }

        return colour;
    }

    private sealed class Background
    {
        private (double R, double G, double B) _from;
        private (double R, double G, double B) _to;
        private (double X, double Y) _direction;
        private readonly (double X, double Y, double Radius, double Strength)[] _blotches = new (double, double, double, double)[3];
        private double _size;

        public static Background Draw(ref SplitMix64 random, int size)
        {
            var background = new Background { _size = size };
            double hue = random.NextDouble(0, 360);
            background._from = HsvToRgb(hue, random.NextDouble(0, 0.25), random.NextDouble(0.25, 0.8));
            background._to = HsvToRgb(hue + random.NextDouble(-60, 60), random.NextDouble(0, 0.25),
                random.NextDouble(0.25, 0.8));
            background._direction = random.NextDirection();
            for (int i = 0; i < background._blotches.Length; i++)
            {
                background._blotches[i] = (random.NextDouble(0, size), random.NextDouble(0, size),
                    random.NextDouble(0.15, 0.45) * size, random.NextDouble(-0.12, 0.12));
            }

            return background;
        }

        public (double R, double G, double B) At(double x, double y)
        {
            double along = (x / _size - 0.5) * _direction.X + (y / _size - 0.5) * _direction.Y;
            double t = Math.Clamp(along + 0.5, 0, 1);
            double factor = 1;
            foreach ((double blotchX, double blotchY, double radius, double strength) in _blotches)
            {
                double dx = (x - blotchX) / radius;
                double dy = (y - blotchY) / radius;
                factor += strength / (1 + dx * dx + dy * dy);
            }

            return (Math.Clamp((_from.R + (_to.R - _from.R) * t) * factor, 0, 1),
                Math.Clamp((_from.G + (_to.G - _from.G) * t) * factor, 0, 1),
                Math.Clamp((_from.B + (_to.B - _from.B) * t) * factor, 0, 1));
        }
    }

    private readonly record struct SceneObject(
        double CentreX, double CentreY, double Radius, (double Cos, double Sin) Rotation,
        (double R, double G, double B) Colour, (double X, double Y) Light, double StripePeriod)
    {
        public static SceneObject Draw(ref SplitMix64 random, SyntheticClass imageClass, int size)
        {
            double centreX = random.NextDouble(0.2, 0.8) * size;
            double centreY = random.NextDouble(0.2, 0.8) * size;
            double radius = random.NextDouble(0.13, 0.28) * size;
            (double X, double Y) rotation = random.NextDirection();
            double hue = imageClass.HueDegrees + random.NextDouble(-HueJitterDegrees, HueJitterDegrees);
            var colour = HsvToRgb(hue, random.NextDouble(0.55, 1), random.NextDouble(0.45, 1));
            (double X, double Y) light = random.NextDirection();
            double stripePeriod = random.NextDouble(0.45, 0.7);
            return new SceneObject(centreX, centreY, radius, (rotation.X, rotation.Y), colour, light, stripePeriod);
        }

        /// <summary>True when the point is on the object; <paramref name="shade"/> multiplies its colour.</summary>
        public bool TryShade(SyntheticShape shape, double x, double y, out double shade)
        {
            double dx = (x - CentreX) / Radius;
            double dy = (y - CentreY) / Radius;
            double u = dx * Rotation.Cos + dy * Rotation.Sin;
            double v = -dx * Rotation.Sin + dy * Rotation.Cos;
            double squaredDistance = u * u + v * v;
            bool inside = shape switch
            {
                SyntheticShape.Discs or SyntheticShape.Stripes => squaredDistance <= 1,
                SyntheticShape.Squares => Math.Max(Math.Abs(u), Math.Abs(v)) <= 0.8,
                SyntheticShape.Rings => squaredDistance is >= 0.55 * 0.55 and <= 1,
                SyntheticShape.Triangles => v >= -0.5 && v <= 1 - Sqrt3 * u && v <= 1 + Sqrt3 * u,
                SyntheticShape.Crosses => (Math.Abs(u) <= 0.3 && Math.Abs(v) <= 1)
                    || (Math.Abs(v) <= 0.3 && Math.Abs(u) <= 1),
                _ => false,
            };

            // Shading from 0.7 (away from the light) to 1 (toward it), measured on the unrotated offset.
            double towardLight = Math.Clamp(dx * Light.X + dy * Light.Y, -1, 1);
            shade = 0.85 + 0.15 * towardLight;
            if (inside && shape == SyntheticShape.Stripes && (long)Math.Floor((u + 2) / StripePeriod) % 2 == 1)
            {
                shade *= StripeDarkening;
            }

            return inside;
        }
    }
}
