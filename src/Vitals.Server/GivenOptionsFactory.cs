using Microsoft.Extensions.Options;

namespace Vitals.Server;

/// <summary>
/// An options factory whose instance is the one the host was given (<see cref="VitalsServer.BuildAsync"/>'s argument)
/// rather than a new one, so <c>ValidateOnStart</c> and <see cref="IOptionsMonitor{TOptions}"/> see the very object
/// <see cref="IOptions{TOptions}"/> serves, with the registered validators run on it.
/// </summary>
internal sealed class GivenOptionsFactory<TOptions>(TOptions instance, IEnumerable<IConfigureOptions<TOptions>> setups,
    IEnumerable<IPostConfigureOptions<TOptions>> postConfigures, IEnumerable<IValidateOptions<TOptions>> validations)
    : OptionsFactory<TOptions>(setups, postConfigures, validations)
    where TOptions : class
{
    protected override TOptions CreateInstance(string name) => instance;
}
