namespace SplitBrain.Cli.Infrastructure;

/// <summary>
/// Thrown by a command when what the user gave it is wrong: a missing folder, an option out of range, a file in the
/// wrong format. <see cref="CommandRunner"/> prints the message and exits with <see cref="ExitCodes.BadInput"/>, so
/// the message must name the file or option, give the value received and say what was expected.
/// </summary>
public sealed class UserInputException : Exception
{
    /// <summary>Creates the exception with a message that names the file or option at fault.</summary>
    public UserInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the file or option, and the error behind it.</summary>
    public UserInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
