using Microsoft.AspNetCore.Http;

namespace Tidings.Server;

/// <summary>Problem details (RFC 9457) for every error the API answers with: a type per kind of problem, a title,
/// a detail sentence and, for bad documents, the list of errors with JSON pointers into the body.</summary>
internal static class Problems
{
    internal const string TypePrefix = "urn:tidings:problem:";

    internal static IResult Of(int status, string kind, string title, string detail, IReadOnlyList<InputError>? errors = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (errors is { Count: > 0 })
            extensions["errors"] = errors.Select(e => new Dictionary<string, string> { ["pointer"] = e.Pointer, ["detail"] = e.Detail }).ToList();
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + kind, extensions: extensions);
    }

    internal static IResult BadRequest(string kind, string detail, IReadOnlyList<InputError>? errors = null) =>
        Of(StatusCodes.Status400BadRequest, kind, "The request is not valid", detail, errors);

    internal static IResult NotFound(string detail) => Of(StatusCodes.Status404NotFound, "not-found", "Not found", detail);
}
