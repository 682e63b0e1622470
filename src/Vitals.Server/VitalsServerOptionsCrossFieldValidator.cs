using Microsoft.Extensions.Options;
using Vitals.Engine;

namespace Vitals.Server;

/// <summary>
/// The rules of <see cref="VitalsServerOptions"/> beyond one field's range: the store must be one the server can open, and
/// the engine figures must agree with each other (<see cref="EngineOptionsCrossFieldValidator"/>).
/// </summary>
public sealed class VitalsServerOptionsCrossFieldValidator : IValidateOptions<VitalsServerOptions>
{
    private static readonly EngineOptionsCrossFieldValidator s_engine = new();

    public ValidateOptionsResult Validate(string? name, VitalsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (!VitalsServer.TryCheckStore(options.Store, out var storeError))
        {
            builder.AddError(storeError, nameof(VitalsServerOptions.Store));
        }

        if (options.Engine is { } engine)
        {
            builder.AddResult(s_engine.Validate(name, engine));
        }

        return builder.Build();
    }
}
