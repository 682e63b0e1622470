namespace Vitals.Server.Api;

/// <summary>A request body read by <see cref="ApiJson"/>: the value, or the problem to answer instead.</summary>
internal readonly record struct ApiBody<T>(T? Value, IResult? Problem)
    where T : class;
