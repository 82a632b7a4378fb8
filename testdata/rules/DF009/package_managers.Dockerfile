FROM python:3.12-slim
RUN pip install --no-cache-dir --trusted-host pypi.example.com -r requirements.txt  # want: DF009
RUN python3 -m pip install --trusted-host=files.pythonhosted.org flask==3.0.3  # want: DF009
RUN pip config set global.trusted-host pypi.example.com  # want: DF009
RUN git config --global http.sslVerify false  # want: DF009
RUN git -c http.sslVerify=false clone https://git.example.com/app.git /src  # want: DF009
RUN git clone --config http.https://git.example.com/.sslverify=0 https://git.example.com/x.git  # want: DF009
RUN npm config set strict-ssl false  # want: DF009
RUN yarn config set strict-ssl false  # want: DF009
RUN npm install --strict-ssl=false  # want: DF009
RUN conda config --set ssl_verify false  # want: DF009
RUN helm repo add internal https://charts.example.com --insecure-skip-tls-verify  # want: DF009
