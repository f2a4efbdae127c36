import { Strategy } from "remix-auth/strategy";

/**
 * remix-auth-form's FormStrategy parses a clone of the body, so the unread original keeps a second copy
 * in memory, and a caller that needs a field first (the provider to use) reads it a third time. This
 * one parses the request's form once, or takes the form its caller already read.
 */
export class ParsedFormStrategy<User> extends Strategy<User, { form: FormData; request: Request }> {
  name = "form";

  async authenticate(request: Request): Promise<User> {
    return this.verify({ form: await request.formData(), request });
  }

  authenticateForm(form: FormData, request: Request): Promise<User> {
    return this.verify({ form, request });
  }
}
