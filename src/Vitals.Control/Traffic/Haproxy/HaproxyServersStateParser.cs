using System.Globalization;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// Parses the answer of <c>show servers state</c>: a version line (<c>1</c>), a header of column names prefixed by
/// <c>#</c>, then one line per server. Columns are found by name in the header, so a HAProxy that prints fewer or more
/// columns than 2.6 still parses.
/// </summary>
internal static class HaproxyServersStateParser
{
    private static readonly string[] Columns =
    [
        "be_id", "be_name", "srv_id", "srv_name", "srv_addr", "srv_op_state", "srv_admin_state", "srv_uweight",
        "srv_iweight", "srv_time_since_last_change", "srv_check_status", "srv_check_result", "srv_check_health",
        "srv_check_state", "srv_agent_state", "bk_f_forced_id", "srv_f_forced_id", "srv_fqdn", "srv_port", "srvrecord",
        "srv_use_ssl", "srv_check_port", "srv_check_addr", "srv_agent_addr", "srv_agent_port",
    ];

    /// <summary>The columns without which a line says nothing useful.</summary>
    private static readonly string[] Required = ["be_name", "srv_name", "srv_op_state", "srv_admin_state", "srv_uweight"];

    /// <summary>Parses <paramref name="answer"/>; throws <see cref="HaproxyRuntimeException"/> naming <paramref name="command"/> when it is not a state dump.</summary>
    public static List<HaproxyServerState> Parse(string command, string answer)
    {
        var lines = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            // "Can't find backend." and friends.
            throw new HaproxyRuntimeException(command, answer);
        }

        if (version != 1)
        {
            throw new HaproxyRuntimeException(command, $"servers state format {version} is not supported (only 1)");
        }

        if (lines.Length < 2 || !lines[1].StartsWith('#'))
        {
            throw new HaproxyRuntimeException(command, "servers state without its header line");
        }

        var index = MapColumns(command, lines[1]);
        var states = new List<HaproxyServerState>(lines.Length - 2);
        var fields = new string[index.Width];
        for (var i = 2; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#'))
            {
                continue;
            }

            var count = Fill(line, fields);
            if (count < index.Width)
            {
                throw new HaproxyRuntimeException(command, $"servers state line with {count} fields, {index.Width} expected: {line}");
            }

            states.Add(Read(command, line, fields, index.Positions));
        }

        return states;
    }

    private static (int[] Positions, int Width) MapColumns(string command, string header)
    {
        var names = header.TrimStart('#').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var positions = new int[Columns.Length];
        for (var c = 0; c < Columns.Length; c++)
        {
            positions[c] = Array.IndexOf(names, Columns[c]);
        }

        foreach (var required in Required)
        {
            if (positions[Array.IndexOf(Columns, required)] < 0)
            {
                throw new HaproxyRuntimeException(command, $"servers state header without column {required}");
            }
        }

        return (positions, names.Length);
    }

    private static int Fill(string line, string[] fields)
    {
        var count = 0;
        foreach (var range in line.AsSpan().Split(' '))
        {
            if (count == fields.Length)
            {
                return count + 1;
            }

            fields[count++] = line[range];
        }

        return count;
    }

    private static HaproxyServerState Read(string command, string line, string[] fields, int[] at)
    {
        int Int(int column)
        {
            if (at[column] < 0)
            {
                return 0;
            }

            return int.TryParse(fields[at[column]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new HaproxyRuntimeException(command, $"column {Columns[column]} is not a number in: {line}");
        }

        string? Text(int column) => at[column] < 0 || fields[at[column]] == "-" ? null : fields[at[column]];

        return new HaproxyServerState(
            BackendId: Int(0),
            BackendName: Text(1) ?? string.Empty,
            ServerId: Int(2),
            ServerName: Text(3) ?? string.Empty,
            Address: Text(4) ?? string.Empty,
            OperationalState: (HaproxyOperationalState)Int(5),
            AdminState: (HaproxyAdminFlags)Int(6),
            UserWeight: Int(7),
            InitialWeight: Int(8),
            SecondsSinceLastChange: Int(9),
            CheckStatus: Int(10),
            CheckResult: (HaproxyCheckResult)Int(11),
            CheckHealth: Int(12),
            CheckState: (HaproxyCheckFlags)Int(13),
            AgentState: (HaproxyCheckFlags)Int(14),
            BackendForcedId: Int(15) != 0,
            ServerForcedId: Int(16) != 0,
            Fqdn: Text(17),
            Port: Int(18),
            SrvRecord: Text(19),
            UseSsl: Int(20) != 0,
            CheckPort: Int(21),
            CheckAddress: Text(22),
            AgentAddress: Text(23),
            AgentPort: Int(24));
    }
}
