using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Quartier.Services;

/// <summary>
/// The wire format between the engine and an external calculation service: length-prefixed frames over a stream
/// socket (Unix domain or TCP on loopback), little-endian. A frame is <c>u32 length</c> (of what follows), <c>u8 kind</c>,
/// payload. The service speaks first (<see cref="Declare"/>: its DOTS <c>input.json</c> as UTF-8 JSON); the engine
/// answers <see cref="Init"/> (JSON: run, objects, input layout) and the service <see cref="Ready"/>. Then, per calculation
/// and due step, the engine sends <see cref="Step"/>: <c>u16 calculation</c>, <c>u32 step</c>, <c>u32 steps</c>,
/// <c>i64 unix time (s)</c>, <c>u32 n</c>, <c>n × f64</c> input values in the layout INIT gave (objects in order, each
/// object's inputs in order, each input's publishers in order); the service answers <see cref="Result"/>: <c>u32 n</c>,
/// <c>n × f64</c> outputs (objects × outputs), <c>u32 r</c>, <c>r ×</c> (<c>u32 object</c>, <c>u16 name index</c>,
/// <c>f64 value</c>) explicitly recorded values (name index into the calculation's outputs, then its
/// <c>recorded</c> names), and optionally <c>f64</c> the seconds the service spent computing (so that the engine can tell
/// its own and the transport's share of a call). <see cref="Log"/> frames (<c>u8 level</c>, UTF-8 text) may come at any time before an answer;
/// <see cref="Error"/> (UTF-8 text) ends the run; <see cref="Stop"/> ends the service.
/// </summary>
public static class ServiceProtocol
{
    public const byte Declare = 1;
    public const byte Init = 2;
    public const byte Ready = 3;
    public const byte Step = 4;
    public const byte Result = 5;
    public const byte Error = 6;
    public const byte Stop = 7;
    public const byte Log = 8;

    /// <summary>Largest frame accepted (256 MiB): a length beyond it is a broken stream, not a message.</summary>
    public const int MaxFrame = 256 * 1024 * 1024;

    /// <summary>Environment variable holding the address a launched service connects to (<c>unix:PATH</c> or <c>tcp:HOST:PORT</c>).</summary>
    public const string AddressVariable = "QUARTIER_SERVICE_ADDRESS";

    /// <summary>Sends one frame (header and payload in one write).</summary>
    public static void Send(Socket socket, byte kind, ReadOnlySpan<byte> payload, ref byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(socket);
        int total = 5 + payload.Length;
        if (buffer.Length < total)
        {
            buffer = new byte[Math.Max(total, buffer.Length * 2)];
        }

        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)(payload.Length + 1));
        buffer[4] = kind;
        payload.CopyTo(buffer.AsSpan(5));
        int sent = 0;
        while (sent < total)
        {
            sent += socket.Send(buffer, sent, total - sent, SocketFlags.None);
        }
    }

    /// <summary>Sends a frame whose payload is already in <paramref name="buffer"/> from index 5 on (the header is written before it).</summary>
    public static void SendInPlace(Socket socket, byte kind, byte[] buffer, int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(buffer);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)(payloadLength + 1));
        buffer[4] = kind;
        int total = payloadLength + 5, sent = 0;
        while (sent < total)
        {
            sent += socket.Send(buffer, sent, total - sent, SocketFlags.None);
        }
    }

    /// <summary>Sends a UTF-8 text frame.</summary>
    public static void SendText(Socket socket, byte kind, string text)
    {
        byte[] buffer = [];
        Send(socket, kind, Encoding.UTF8.GetBytes(text), ref buffer);
    }

    /// <summary>Reads one frame into <paramref name="buffer"/> (grown as needed); its kind and payload length.</summary>
    /// <exception cref="EndOfStreamException">The peer closed the connection.</exception>
    /// <exception cref="IOException">A frame longer than <see cref="MaxFrame"/>.</exception>
    /// <exception cref="SocketException">Time-out (<see cref="SocketError.TimedOut"/>) or a broken connection.</exception>
    public static (byte Kind, int Length) Receive(Socket socket, ref byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> header = stackalloc byte[5];
        Fill(socket, header);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length == 0 || length > MaxFrame)
        {
            throw new IOException($"a frame of {length} bytes: not the Quartier service protocol");
        }

        int payload = (int)length - 1;
        if (buffer.Length < payload)
        {
            buffer = new byte[Math.Max(payload, buffer.Length * 2)];
        }

        Fill(socket, buffer.AsSpan(0, payload));
        return (header[4], payload);
    }

    private static void Fill(Socket socket, Span<byte> destination)
    {
        int read = 0;
        while (read < destination.Length)
        {
            int n = socket.Receive(destination[read..], SocketFlags.None);
            if (n == 0)
            {
                throw new EndOfStreamException("the service closed the connection");
            }

            read += n;
        }
    }
}
