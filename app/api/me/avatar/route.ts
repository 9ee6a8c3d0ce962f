import { removeProfilePhoto, setProfilePhoto } from "@/lib/files/avatars";
import { userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";

const put = userRoute(async (request, user) =>
  Response.json(await setProfilePhoto(getServices(), user, { contentType: request.headers.get("content-type"), body: request.body })),
);

/**
 * A new profile photo: multipart with one field `file`, as an upload. Answers the profile. A
 * refusal before the body was read to its end closes the connection (see the uploads route).
 */
export async function PUT(request: Request, context: unknown): Promise<Response> {
  const response = await put(request, context);
  if (!response.ok) response.headers.set("Connection", "close");
  return response;
}

/** Back to initials. */
export const DELETE = userRoute(async (_request, user) => Response.json(await removeProfilePhoto(getServices(), user)));
