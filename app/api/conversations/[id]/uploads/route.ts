import { receiveUpload } from "@/lib/files/uploads";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";

const handle = userRoute<IdContext<"id">>(async (request, user, context) => {
  const id = await idFromUrl(context, "id");
  const upload = await receiveUpload(getServices(), user, id, { contentType: request.headers.get("content-type"), body: request.body });
  return Response.json({ upload }, { status: 201 });
});

/**
 * One file, multipart field `file`, streamed (never buffered): 201 `{upload}`, to be sent with a
 * message. A refusal may come before the body was read to its end (413 at the limit, 415 on the
 * first bytes): the connection then closes, since what is left of the body cannot be told apart
 * from a next request.
 */
export async function POST(request: Request, context: IdContext<"id">): Promise<Response> {
  const response = await handle(request, context);
  if (!response.ok) response.headers.set("Connection", "close");
  return response;
}
