namespace Vitals.Server.Dialects.Huawei;

/// <summary>The <c>request_id</c> of a Huawei call: made once per request, echoed in every body and in <c>X-Request-Id</c>.</summary>
internal static class HuaweiRequestId
{
    private static readonly object Key = new();

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(Key, out var value) && value is string id)
        {
            return id;
        }

        id = Guid.NewGuid().ToString();
        context.Items[Key] = id;
        context.Response.Headers["X-Request-Id"] = id;
        return id;
    }
}
