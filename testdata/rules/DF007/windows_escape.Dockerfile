# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
ENV APP_HOME=C:\app `
    SA_PASSWORD=Str0ng!Passw0rd  # want: DF007
ENV CERT_PATH=C:\certs\app.pfx
