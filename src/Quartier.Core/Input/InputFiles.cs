using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using Quartier.Core.Errors;

namespace Quartier.Core.Input;

/// <summary>
/// Reads a user's file within <see cref="InputLimits"/>: it must exist, be a file, not exceed the size
/// limit, and (for text) be valid UTF-8 — an invalid byte is refused naming its line instead of being
/// silently replaced. Compressed input is decompressed with a cap on its size.
/// </summary>
public static class InputFiles
{
    /// <summary>The bytes of <paramref name="path"/>, refused when missing, a folder, or larger than the limit.</summary>
    public static byte[] ReadAllBytes(string path, string? what = null)
    {
        CheckReadable(path, what);
        return File.ReadAllBytes(path);
    }

    /// <summary>The text of <paramref name="path"/> as strict UTF-8 (a byte-order mark is dropped).</summary>
    public static string ReadAllText(string path, string? what = null) => DecodeUtf8(ReadAllBytes(path, what), path);

    /// <summary>Refuses <paramref name="path"/> when it is missing, a folder, or larger than <see cref="InputLimits.MaxFileBytes"/>.</summary>
    public static void CheckReadable(string path, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var label = what is null ? "file" : what;
        if (Directory.Exists(path))
        {
            throw new InputException($"is a folder, not a {label}", path);
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InputException($"{label} not found", path);
        }

        var limit = InputLimits.Current.MaxFileBytes;
        if (info.Length > limit)
        {
            throw InputLimits.Exceeded($"the {label} has {info.Length:N0} bytes, which", $"{limit >> 20} MiB", InputLimits.FileMegabytesVariable, path);
        }
    }

    /// <summary>Decodes strict UTF-8; an invalid sequence is an <see cref="InputException"/> naming its line and byte offset.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, string? file)
    {
        var body = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(body.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                var line = 1 + body[..read].Count((byte)'\n');
                throw new InputException($"invalid UTF-8 at byte offset {read + (body.Length < bytes.Length ? 3 : 0)} (byte 0x{body[read]:X2}); the file must be UTF-8 text", file, line);
            }

            return new string(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>True when the bytes start with the gzip magic number.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    /// <summary>
    /// Decompresses a whole gzip file held in memory (<see cref="Gunzip"/>), and refuses one cut short or damaged: a gzip member
    /// ends with the size of its content (mod 2^32), and .NET stops quietly at a cut, so the two are compared.
    /// </summary>
    public static byte[] GunzipWhole(byte[] compressed, string? file, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        byte[] plain;
        using (var input = new MemoryStream(compressed, writable: false))
        {
            plain = Gunzip(input, file, limits);
        }

        if (compressed.Length < 18 || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(compressed.Length - 4)) != unchecked((uint)plain.Length))
        {
            throw new InputException("the gzip data is cut short or damaged (its length does not match its trailer)", file);
        }

        return plain;
    }

    /// <summary>
    /// Decompresses gzip data into memory, refusing more than <see cref="InputLimits.MaxDecompressedBytes"/>
    /// (a "gzip bomb") and corrupt data, each with a message naming <paramref name="file"/>.
    /// </summary>
    public static byte[] Gunzip(Stream compressed, string? file, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        var limit = (limits ?? InputLimits.Current).MaxDecompressedBytes;
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        using var plain = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int n;
            while ((n = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (plain.Length + n > limit)
                {
                    throw InputLimits.Exceeded("the decompressed content", $"{limit >> 20} MiB", InputLimits.DecompressedMegabytesVariable, file);
                }

                plain.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException e)
        {
            throw new InputException("the gzip data is corrupt and cannot be decompressed (the file was damaged or cut short in transfer)", file, inner: e);
        }
        catch (EndOfStreamException e)
        {
            throw new InputException("the gzip data ends too early (the file was cut short)", file, inner: e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return plain.ToArray();
    }
}
