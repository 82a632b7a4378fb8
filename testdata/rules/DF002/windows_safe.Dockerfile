FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
# Windows has no numeric UIDs.
USER ContainerUser
CMD ["app.exe"]
