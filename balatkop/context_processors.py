from balatkop import access
from balatkop.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    return {
        **access.template_flags(user),
        "menu": menu_for(user, request.path, view_name),
        "notices_active": view_name.startswith("notices:"),
    }
